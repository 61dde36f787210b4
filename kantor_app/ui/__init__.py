"""Qt user interface. Widgets call services; they never write the database directly."""
