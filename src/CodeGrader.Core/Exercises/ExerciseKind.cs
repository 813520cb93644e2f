namespace CodeGrader.Core.Exercises;

/// <summary>What the candidate writes.</summary>
public enum ExerciseKind
{
    /// <summary>A module defining the entry function; tests are call expressions.</summary>
    Function,
    /// <summary>A script run as __main__ once per test, reading stdin.</summary>
    Program,
    /// <summary>A module defining the entry class; tests are sequences of steps.</summary>
    Class,
}
