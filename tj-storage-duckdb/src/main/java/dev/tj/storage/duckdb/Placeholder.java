package dev.tj.storage.duckdb; final class Placeholder {}
