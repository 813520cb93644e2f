using CodeGrader.Core.Grading;

namespace CodeGrader.Service.Submissions;

/// <summary>Where a grading loop sends what happens while it grades: straight to this process's
/// <see cref="SubmissionEvents"/>, or (with Redis) to every server's, wherever the loop runs.</summary>
public interface IGradingEvents
{
    void Publish(long id, GradingEvent e);

    /// <summary>The submission's end is stored; live streams read it from the store.</summary>
    void End(long id);
}
