"""The competition pages: running a competition, bidding, evaluation, moderation and award."""
