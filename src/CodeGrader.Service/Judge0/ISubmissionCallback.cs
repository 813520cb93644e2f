namespace CodeGrader.Service.Judge0;

/// <summary>Delivers a finished submission to its <c>callback_url</c>: Judge0's PUT of the submission JSON. The seam the
/// service's signed, retried webhooks replace.</summary>
public interface ISubmissionCallback
{
    Task DeliverAsync(Uri url, byte[] body, CancellationToken cancellationToken);
}
