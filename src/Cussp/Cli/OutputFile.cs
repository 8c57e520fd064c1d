using System.Text;

namespace Cussp.Cli;

/// <summary>Where a command writes its result: a file named by an option, written whole or not at all, or standard output.</summary>
internal static class OutputFile
{
    /// <summary>Refuses, as bad input, a file whose folder does not exist.</summary>
    public static void CheckFolder(FileInfo target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Directory is { Exists: false } dir)
        {
            throw new CommandLineInputException($"--out {target.FullName}: the folder {dir.FullName} does not exist");
        }
    }

    /// <summary>
    /// Writes <paramref name="target"/> beside itself and moves it into place, so that a failure never leaves half a file (nor the
    /// partial one).
    /// </summary>
    public static async Task WriteAsync(FileInfo target, Func<Stream, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        CheckFolder(target);
        var temp = target.FullName + ".partial";
        try
        {
            await using (var stream = File.Create(temp))
            {
                await write(stream);
            }
            File.Move(temp, target.FullName, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes text to <paramref name="target"/> as UTF-8 (as <see cref="WriteAsync(FileInfo, Func{Stream, Task})"/>), or to <paramref name="output"/> when there is no target; says on <paramref name="errors"/> which file it wrote.</summary>
    public static async Task WriteTextAsync(FileInfo? target, TextWriter output, TextWriter errors, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(errors);
        if (target is null)
        {
            write(output);
            return;
        }
        await WriteAsync(target, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            write(writer);
            return Task.CompletedTask;
        });
        await errors.WriteLineAsync($"Wrote {target.FullName}");
    }
}
