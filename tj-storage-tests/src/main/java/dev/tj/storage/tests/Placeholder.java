package dev.tj.storage.tests; final class Placeholder {}
