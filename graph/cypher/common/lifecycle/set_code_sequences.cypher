// After a bulk load, moves each department/category sequence past the highest code in use.
UNWIND $rows AS row
MERGE (s:CodeSequence {key: row.key})
ON CREATE SET s.value = row.value
SET s.value = CASE WHEN s.value > row.value THEN s.value ELSE row.value END
RETURN count(s) AS sequences
