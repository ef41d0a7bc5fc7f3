"""The sample articles and claim files, shipped as package data so ``geokg demo`` runs anywhere."""
