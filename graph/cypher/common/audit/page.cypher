// 第三十八条 for auditors: events by actor, department, action, target and time window, newest
// first, with how many match.
MATCH (e:AuditEvent)
WHERE ($actor IS NULL OR e.actorUser = $actor)
  AND ($department IS NULL OR e.actorDepartment = $department)
  AND ($action IS NULL OR e.action = $action)
  AND ($targetKind IS NULL OR e.targetKind = $targetKind)
  AND ($targetId IS NULL OR e.targetId = $targetId)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
WITH e
ORDER BY e.seq DESC
WITH collect(e) AS matched
RETURN size(matched) AS total, [event IN matched[$skip..$skip + $limit] | event {.*}] AS events
