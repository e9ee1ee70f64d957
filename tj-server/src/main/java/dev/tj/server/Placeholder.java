package dev.tj.server; final class Placeholder {}
