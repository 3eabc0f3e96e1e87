// 政务主题 nodes; the tree is linked by seed/link_themes.
UNWIND $rows AS row
MERGE (t:Theme {code: row.code})
SET t += row
