package dev.tj.bench; final class Placeholder {}
