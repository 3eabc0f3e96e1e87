// 第十三条: the next sequence number of a department and category; allocated atomically and
// never handed out twice, so catalog codes are unique and never reused.
MERGE (s:CodeSequence {key: $key})
ON CREATE SET s.value = 0
SET s.value = s.value + 1
RETURN s.value AS value
