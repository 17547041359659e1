"""Questions and answers: accepted answers, official staff answers, the unanswered queue."""
