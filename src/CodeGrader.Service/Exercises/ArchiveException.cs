namespace CodeGrader.Service.Exercises;

/// <summary>An exercise archive refused while unpacking: the message names the entry and what is wrong with it.</summary>
public sealed class ArchiveException(string message) : Exception(message);
