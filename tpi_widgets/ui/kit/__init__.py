"""Widget families: small views composed into step apps."""
