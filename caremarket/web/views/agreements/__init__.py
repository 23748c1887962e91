"""The commercial agreement pages: browsing, setting up, admission, standing and reviews."""
