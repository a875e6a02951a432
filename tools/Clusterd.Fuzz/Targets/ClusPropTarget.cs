using System.Buffers.Binary;
using Clusterd.ClusApi;

namespace Clusterd.Fuzz.Targets;

/// <summary>
/// CLUSPROP property lists and value lists (MS-CMRP 2.2.3.10) and the CSV custom-marshaled structures: the input goes
/// through PropertyListReader, ValueListReader (bulk and step by step), every typed getter of every value, the CSV list
/// readers and every structure reader (on the input and on each value's data). Contract: a Win32Error answer
/// (ERROR_INVALID_PARAMETER and friends); nothing throws.
/// </summary>
internal sealed class ClusPropTarget : FuzzTarget
{
    public override string Name => "clusprop";

    public override string Description => "PropertyListReader, ValueListReader, typed value getters, CSV lists and structures";

    public override string Execute(byte[] input)
    {
        var properties = PropertyListReader.TryRead(input, out var list);
        if (properties == Win32Error.Success)
        {
            foreach (var property in list)
            {
                foreach (var value in property.Values)
                {
                    ReadValue(value);
                }
            }

            _ = list.TryGet("SharedVolumeBackupMode", out _);
        }

        var values = ValueListReader.TryReadAll(input, out var all, out _);
        if (values == Win32Error.Success)
        {
            foreach (var value in all)
            {
                ReadValue(value);
            }
        }

        var reader = new ValueListReader(input);
        int steps = 0;
        while (reader.TryReadNext(out _, out var data) == Win32Error.Success && steps++ < 4096)
        {
            _ = Utf16Field.TryReadVariable(data, out _);
        }

        var csv = CsvVolumeInfoList.TryRead(input, out _);
        var states = SharedVolumeStateInfoExList.TryRead(input, out _);
        int structures = ReadStructures(input);
        return $"{properties} {values} {csv} {states} {structures:x3}";
    }

    private static void ReadValue(ClusPropValue value)
    {
        _ = value.TryGetDword(out _);
        _ = value.TryGetLong(out _);
        _ = value.TryGetWord(out _);
        _ = value.TryGetULargeInteger(out _);
        _ = value.TryGetLargeInteger(out _);
        _ = value.TryGetFileTime(out _);
        _ = value.TryGetString(out _);
        _ = value.TryGetMultiString(out _);
        _ = value.TryGetBinary(out _);
        _ = ReadStructures(value.Data.Span);
    }

    /// <summary>Every CSV/storage structure reader on <paramref name="data"/>; a bit per structure that parsed.</summary>
    private static int ReadStructures(ReadOnlySpan<byte> data)
    {
        int ok = 0;
        ok |= Bit(0, SharedVolumeBackupMode.TryRead(data, out _));
        ok |= Bit(1, CsvVolumeInfo.TryRead(data, out _));
        ok |= Bit(2, CsvVolumeName.TryRead(data, out _));
        ok |= Bit(3, CsvMaintenanceModeInfo.TryRead(data, out _));
        ok |= Bit(4, MaintenanceModeInfo.TryRead(data, out _));
        ok |= Bit(5, MaintenanceModeInfoEx.TryRead(data, out _));
        ok |= Bit(6, PartitionInfoEx.TryRead(data, out _));
        ok |= Bit(7, SharedVolumeStateInfo.TryRead(data, out _));
        ok |= Bit(8, SharedVolumeStateInfoEx.TryRead(data, out _));
        ok |= Bit(9, Utf16Field.TryReadFixed(data, out _));
        ok |= RegBatchUpdate.TryParse(data, out _, out _) ? 1 << 10 : 0; // CLUSTER_REG_BATCH_UPDATE (Registry area)
        return ok;

        static int Bit(int bit, Win32Error error) => error == Win32Error.Success ? 1 << bit : 0;
    }

    /// <summary>The count of a property list, and the syntax and length of each entry (walked as a property list and as a value list).</summary>
    public override void LocateFields(ReadOnlySpan<byte> input, List<FuzzField> fields)
    {
        if (input.Length >= 4)
        {
            fields.Add(new FuzzField(0, 4));
        }

        Walk(input, 0, fields);
        Walk(input, 4, fields);
    }

    private static void Walk(ReadOnlySpan<byte> input, int pos, List<FuzzField> fields)
    {
        while (pos + 8 <= input.Length && fields.Count < 64)
        {
            fields.Add(new FuzzField(pos, 4)); // syntax
            if (BinaryPrimitives.ReadUInt32LittleEndian(input[pos..]) == 0)
            {
                return; // CLUSPROP_SYNTAX_ENDMARK
            }

            fields.Add(new FuzzField(pos + 4, 4)); // cbLength
            long length = BinaryPrimitives.ReadUInt32LittleEndian(input[(pos + 4)..]);
            long next = pos + 8 + ((length + 3) & ~3L);
            if (next > input.Length)
            {
                return;
            }

            pos = (int)next;
        }
    }

    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        yield return ("property-list-every-type", new PropertyListWriter()
            .AddDword("Dword", 7)
            .AddLong("Long", -7)
            .AddWord("Word", 3)
            .AddULargeInteger("ULarge", ulong.MaxValue)
            .AddLargeInteger("Large", long.MinValue)
            .AddFileTime("Time", 0x01DC_0000_0000_0000)
            .AddString("Sz", "Cluster Disk 1")
            .AddExpandString("ExpandSz", "%SystemRoot%")
            .AddMultiString("MultiSz", ["node1", "node2"])
            .AddBinary("Binary", [1, 2, 3])
            .AddSecurityDescriptor("Security", [1, 0, 4, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
            .ToArray());
        yield return ("property-list-multi-value", new PropertyListWriter()
            .AddValues("Values", new ValueListWriter().AddDword(1).AddString("x").AddBinary([9]))
            .ToArray());
        yield return ("value-list", new ValueListWriter().AddDword(1).AddString("Cluster Disk 2").AddMultiString(["a", "b"]).AddULargeInteger(5).ToArray());
        var backup = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 300, "Cluster Disk 1");
        yield return ("shared-volume-backup-mode", backup.ToArray());
        var volume = new CsvVolumeInfo(135266304, 2, CsvVolumeFaultState.NoFaults, SharedVolumeBackupState.None, "Volume1",
            "\\\\?\\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\\");
        yield return ("csv-volume-info-list", CsvVolumeInfoList.ToArray([volume, volume with { PartitionNumber = 3 }]));
        var state = new SharedVolumeStateInfoEx("Volume1", "node1", SharedVolumeState.ActiveRedirected, "Cluster Disk 1",
            RedirectedIOReason.NotRedirected, BlockRedirectedIOReason.NotRedirected);
        yield return ("shared-volume-state-info-ex-list", SharedVolumeStateInfoExList.ToArray([state]));
        yield return ("csv-maintenance-mode-info", new CsvMaintenanceModeInfo(true, "Cluster Disk 1").ToArray());
        yield return ("maintenance-mode-info-ex", new MaintenanceModeInfoEx(true, MaintenanceModeType.OfflineResource, ClusterResourceState.Online).ToArray());
        yield return ("csv-volume-name", new CsvVolumeName(135266304, "\\\\?\\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\\", "C:\\ClusterStorage\\Volume1\\").ToArray());
        yield return ("value-list-partition-info-ex", new ValueListWriter().AddBinary(new PartitionInfoEx(PartitionFlags.None, "\\Device\\Harddisk1\\Partition2", "Data",
            0x1234, 255, 0x3E700FF, "NTFS", 1 << 30, 1 << 29, 1, 2, Guid.Parse("3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01")).ToArray()).ToArray());
        yield return ("value-list-shared-volume-state-info", new ValueListWriter().AddBinary(
            new SharedVolumeStateInfo("Volume1", "node2", SharedVolumeState.Active).ToArray()).ToArray());
        yield return ("reg-batch-update", RegBatchUpdate.Build(
        [
            new RegBatchCommand(RegBatchUpdate.CreateKey, 0, @"App\Config", default),
            new RegBatchCommand(RegBatchUpdate.SetValue, 3, "v", new byte[] { 0xAA }),
            new RegBatchCommand(RegBatchUpdate.DeleteValue, 0, "", default),
        ]));
    }
}
