"""Letters in the GUI: issuing with preview, PDF viewing and printing, the letter register."""
