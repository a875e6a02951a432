using System.Globalization;
using System.Text;

namespace Clusterd.Store;

/// <summary>
/// The single-writer lock of a data directory: <c>clusterd.lock</c> held open with <see cref="FileShare.None"/>
/// (on Linux and macOS .NET takes an exclusive <c>flock</c>; on Windows a share-mode lock). The kernel drops the
/// lock when the process dies, even by <c>kill -9</c>, so a stale lock file never blocks a restart. The file is
/// never deleted: unlinking a lock file races with a process that is just opening it. (Setting
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING=1</c> turns .NET's <c>flock</c> off, and with it this protection.)
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    /// <summary>File name of the lock file inside the data directory.</summary>
    public const string FileName = "clusterd.lock";

    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock or throws <see cref="StoreException"/> if another process (or store) holds it.</summary>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new StoreException(
                $"data directory in use by another process: {dataDirectory} (cannot lock {path}: {ex.Message})", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StoreException($"cannot create the lock file {path}: {ex.Message}", ex);
        }

        try
        {
            // For operators only ("who holds it?"); the lock is the open handle, not the contents.
            var owner = Encoding.ASCII.GetBytes(
                Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            stream.SetLength(0);
            stream.Write(owner);
            stream.Flush();
        }
        catch (IOException)
        {
            // Writing the owner pid is best effort; the lock itself is held.
        }

        return new DataDirectoryLock(stream);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
