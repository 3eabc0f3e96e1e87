UNWIND $ids AS feedbackId
MATCH (f:Feedback {id: feedbackId})
RETURN f {.*} AS feedback
