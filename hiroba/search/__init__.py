"""Search across posts, articles, questions and members, in Japanese and English."""
