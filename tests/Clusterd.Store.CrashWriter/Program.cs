// Usage: Clusterd.Store.CrashWriter <dataDir> [maxCommits]
// Commit n (n = revision + 1, +2, ...) writes, in one batch:
//   "n/<n:D10>" = 8-byte little-endian n followed by filler (nonvolatile),
//   "last"      = 8-byte little-endian n (nonvolatile),
//   "v/<n%16>"  = 8-byte little-endian n (volatile),
// then prints "ACK n" (stdout is auto-flushed). The test kills the process at an arbitrary point and checks
// that every acknowledged n is in the store.
using System.Buffers.Binary;
using System.Globalization;
using Clusterd.Store;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: Clusterd.Store.CrashWriter <dataDir> [maxCommits]");
    return 2;
}

var maxCommits = args.Length == 2 ? long.Parse(args[1], CultureInfo.InvariantCulture) : long.MaxValue;
using var store = new SqliteClusterStore(args[0]);
Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"READY {store.Revision}"));
for (var i = 0L; i < maxCommits; i++)
{
    var n = store.Revision + 1;
    var record = new byte[4096];
    BinaryPrimitives.WriteInt64LittleEndian(record, n);
    var counter = record.AsMemory(0, sizeof(long)).ToArray();
    store.Commit(
    [
        new StoreWrite(string.Create(CultureInfo.InvariantCulture, $"n/{n:D10}"), record, Durability.Nonvolatile),
        new StoreWrite("last", counter, Durability.Nonvolatile),
        new StoreWrite(string.Create(CultureInfo.InvariantCulture, $"v/{n % 16}"), counter, Durability.Volatile),
    ]);
    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ACK {n}"));
}

return 0;
