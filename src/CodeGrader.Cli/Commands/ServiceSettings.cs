using System.CommandLine;
using CodeGrader.Service;
using CodeGrader.Service.Configuration;

namespace CodeGrader.Cli.Commands;

/// <summary>What <c>serve</c> and <c>worker</c> share: their flags become configuration keys over the file and the
/// environment (<see cref="ServiceConfiguration.Load"/>), and a bad setting is an error naming its key.</summary>
internal static class ServiceSettings
{
    /// <summary><c>--database CONN</c>: PostgreSQL instead of the SQLite file.</summary>
    public static void UsePostgres(IDictionary<string, string?> flags, string? connection)
    {
        if (connection is null) return;
        flags["Database:Provider"] = "postgres";
        flags["Database:ConnectionString"] = connection;
    }

    /// <summary>The options, or null once the error naming the key is printed.</summary>
    public static async Task<ServiceOptions?> LoadAsync(ParseResult parse, FileInfo? file, IReadOnlyDictionary<string, string?> flags)
    {
        try
        {
            return ServiceConfiguration.Load(file?.FullName, flags);
        }
        catch (ServiceConfigurationException e)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"codegrader: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
