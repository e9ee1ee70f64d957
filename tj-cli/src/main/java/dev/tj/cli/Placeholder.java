package dev.tj.cli; final class Placeholder {}
