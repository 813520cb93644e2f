using System.Formats.Tar;
using System.IO.Compression;

namespace CodeGrader.Service.Exercises;

/// <summary>
/// Unpacks an uploaded exercise folder (zip, or tar.gz) into an empty directory, safely: only regular files and
/// folders (no symbolic or hard links, devices or fifos), no absolute paths or '..' segments, every path checked to
/// stay inside the target, a cap on entries and on unpacked bytes. When every entry is under one top folder, that
/// folder is the exercise. Throws <see cref="ArchiveException"/> naming the entry at fault.
/// </summary>
public static class ExerciseArchive
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymlink = 0xA000;

    public static void Unpack(byte[] archive, string target, long maxBytes, int maxEntries)
    {
        Directory.CreateDirectory(target);
        var budget = new Budget(maxBytes, maxEntries);
        if (archive.Length >= 4 && archive[0] == (byte)'P' && archive[1] == (byte)'K') UnpackZip(archive, target, budget);
        else if (archive.Length >= 2 && archive[0] == 0x1f && archive[1] == 0x8b) UnpackTarGz(archive, target, budget);
        else throw new ArchiveException("the body is neither a zip nor a tar.gz archive");
        HoistSingleFolder(target);
    }

    private static void UnpackZip(byte[] archive, string target, Budget budget)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            budget.Entry(entry.FullName);
            var unixMode = (entry.ExternalAttributes >> 16) & UnixFileTypeMask;
            if (unixMode == UnixSymlink) throw new ArchiveException($"'{entry.FullName}' is a symbolic link; links are not allowed");
            var path = SafePath(target, entry.FullName, directory: entry.FullName.EndsWith('/'));
            if (entry.FullName.EndsWith('/'))
            {
                Directory.CreateDirectory(path);
                continue;
            }
            using var input = entry.Open();
            Write(input, path, entry.FullName, budget);
        }
    }

    private static void UnpackTarGz(byte[] archive, string target, Budget budget)
    {
        using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        try
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes) continue;
                budget.Entry(entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(SafePath(target, entry.Name, directory: true));
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        using (var input = entry.DataStream ?? Stream.Null) Write(input, SafePath(target, entry.Name), entry.Name, budget);
                        break;
                    case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                        throw new ArchiveException($"'{entry.Name}' is a {(entry.EntryType == TarEntryType.SymbolicLink ? "symbolic" : "hard")} link; links are not allowed");
                    default:
                        throw new ArchiveException($"'{entry.Name}' is a {entry.EntryType} entry; only files and folders are allowed");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveException($"the tar.gz archive is damaged: {e.Message}");
        }
        catch (FormatException e)
        {
            throw new ArchiveException($"the tar.gz archive is damaged: {e.Message}");
        }
    }

    /// <summary>Where an entry goes; a folder entry naming the folder itself (<c>./</c>, as <c>tar -czf x.tgz .</c> writes) is the folder.</summary>
    private static string SafePath(string target, string name, bool directory = false)
    {
        var normalized = name.Replace('\\', '/');
        if (normalized.StartsWith('/') || normalized.Contains(':', StringComparison.Ordinal))
            throw new ArchiveException($"'{name}' is an absolute path; entries must be relative");
        var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == ".."))
            throw new ArchiveException($"'{name}' climbs out of the folder ('..'); entries must stay inside it");
        if (segments.Length == 0) throw new ArchiveException($"an entry has an empty name");
        var root = Path.GetFullPath(target);
        var full = Path.GetFullPath(Path.Combine(root, Path.Combine([.. segments.Where(s => s != ".")])));
        if (directory && full == root) return root;
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArchiveException($"'{name}' resolves outside the folder");
        return full;
    }

    private static void Write(Stream input, string path, string name, Budget budget)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            budget.Bytes(read, name);
            output.Write(buffer, 0, read);
        }
    }

    /// <summary>exercise.yaml at the top, or in the one folder the archive holds.</summary>
    private static void HoistSingleFolder(string target)
    {
        if (File.Exists(Path.Combine(target, "exercise.yaml"))) return;
        var entries = Directory.GetFileSystemEntries(target);
        if (entries.Length == 1 && Directory.Exists(entries[0]) && File.Exists(Path.Combine(entries[0], "exercise.yaml")))
        {
            var inner = entries[0];
            foreach (var entry in Directory.GetFileSystemEntries(inner))
            {
                var destination = Path.Combine(target, Path.GetFileName(entry));
                if (Directory.Exists(entry)) Directory.Move(entry, destination);
                else File.Move(entry, destination);
            }
            Directory.Delete(inner);
            return;
        }
        throw new ArchiveException("the archive has no exercise.yaml at its top (or in its one top folder)");
    }

    private sealed class Budget(long maxBytes, int maxEntries)
    {
        private long _bytes;
        private int _entries;

        public void Entry(string name)
        {
            if (++_entries > maxEntries) throw new ArchiveException($"the archive has more than {maxEntries} entries (at '{name}')");
        }

        public void Bytes(int count, string name)
        {
            _bytes += count;
            if (_bytes > maxBytes) throw new ArchiveException($"the archive unpacks to more than {maxBytes} bytes (at '{name}')");
        }
    }
}
