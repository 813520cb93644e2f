using CodeGrader.Core.Batch;

namespace CodeGrader.Core.Tests.Batch;

public sealed class SubmissionSetTests : IDisposable
{
    private readonly BatchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_folder_gives_every_python_file_under_it_sorted_by_its_relative_name()
    {
        _folder.Add("b.py", BatchFolder.Correct);
        _folder.Add("a/solution.py", BatchFolder.Correct);
        _folder.Add("notes.txt", "not python");
        var items = SubmissionSet.Expand(_folder.Submissions, _folder.Exercise.Directory);
        items.Select(i => i.Name).ShouldBe(["a/solution.py", "b.py"]);
        items.ShouldAllBe(i => i.ExerciseDirectory == _folder.Exercise.Directory);
    }

    [Fact]
    public void A_glob_matches_files_across_folders()
    {
        _folder.Add("alice/solution.py", BatchFolder.Correct);
        _folder.Add("bob/solution.py", BatchFolder.Wrong);
        _folder.Add("bob/helper.py", BatchFolder.Wrong);
        var items = SubmissionSet.Expand(Path.Combine(_folder.Submissions, "*", "solution.py"), _folder.Exercise.Directory);
        items.Select(i => i.Name).ShouldBe(["alice/solution.py", "bob/solution.py"]);
    }

    [Fact]
    public void A_manifest_maps_submissions_to_exercises_and_falls_back_to_the_default()
    {
        _folder.Add("one.py", BatchFolder.Correct);
        _folder.Add("two.py", BatchFolder.Correct);
        var other = Path.Combine(_folder.Root, "other-exercise");
        var manifest = _folder.Add("manifest.tsv", $"submission\texercise\none.py\t{other}\ntwo.py\n");
        var items = SubmissionSet.Expand(manifest, _folder.Exercise.Directory);
        items.Select(i => (i.Name, i.ExerciseDirectory)).ShouldBe([("one.py", other), ("two.py", _folder.Exercise.Directory)]);
    }

    [Fact]
    public void A_manifest_line_naming_a_missing_file_is_reported_with_its_line_number()
    {
        var manifest = _folder.Add("manifest.csv", "# submissions\nmissing.py,ex\n");
        Should.Throw<BatchInputException>(() => SubmissionSet.Expand(manifest, null)).Message.ShouldContain("manifest.csv(2): no such submission: missing.py");
    }

    [Fact]
    public void An_empty_folder_is_bad_usage() =>
        Should.Throw<BatchInputException>(() => SubmissionSet.Expand(_folder.Submissions, _folder.Exercise.Directory)).Message.ShouldContain("no submissions");
}
