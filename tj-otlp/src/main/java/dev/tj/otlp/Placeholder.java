package dev.tj.otlp; final class Placeholder {}
