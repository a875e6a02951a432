using CsCheck;

namespace Clusterd.ClusApi.Tests;

/// <summary>CsCheck properties: write then read gives the value back; readers never throw on random bytes.</summary>
public sealed class RoundTripProperties
{
    // Any UTF-16 code unit except NUL, unpaired surrogates included.
    private static Gen<string> Name(int maxChars) =>
        Gen.Char['\u0001', '\uFFFF'].Array[0, maxChars].Select(chars => new string(chars));

    private static readonly Gen<SharedVolumeBackupState> BackupState = Gen.Enum<SharedVolumeBackupState>();

    [Fact]
    public void BackupMode_round_trips() =>
        Gen.Select(BackupState, Gen.UInt[1, uint.MaxValue], Name(259),
                (state, delay, name) => new SharedVolumeBackupMode(state, delay, name))
            .Sample(value =>
            {
                Assert.Equal(Win32Error.Success, SharedVolumeBackupMode.TryRead(value.ToArray(), out var read));
                Assert.Equal(value, read);
            });

    [Fact]
    public void CsvVolumeInfo_round_trips() =>
        Gen.Select(Gen.ULong, Gen.UInt, Gen.Enum<CsvVolumeFaultState>(), BackupState, Name(259), Name(49),
                (offset, partition, fault, backup, friendly, guid) => new CsvVolumeInfo(offset, partition, fault, backup, friendly, guid))
            .Sample(value =>
            {
                Assert.Equal(Win32Error.Success, CsvVolumeInfo.TryRead(value.ToArray(), out var read));
                Assert.Equal(value, read);
            });

    [Fact]
    public void CsvMaintenanceModeInfo_round_trips() =>
        Gen.Select(Gen.Bool, Name(259), (flag, name) => new CsvMaintenanceModeInfo(flag, name))
            .Sample(value =>
            {
                Assert.Equal(Win32Error.Success, CsvMaintenanceModeInfo.TryRead(value.ToArray(), out var read));
                Assert.Equal(value, read);
            });

    [Fact]
    public void SharedVolumeStateInfo_round_trips() =>
        Gen.Select(Name(259), Name(259), Gen.Enum<SharedVolumeState>(), (v, n, s) => new SharedVolumeStateInfo(v, n, s))
            .Sample(value =>
            {
                Assert.Equal(Win32Error.Success, SharedVolumeStateInfo.TryRead(value.ToArray(), out var read));
                Assert.Equal(value, read);
            });

    [Fact]
    public void SharedVolumeStateInfoEx_round_trips_in_both_layouts() =>
        Gen.Select(Name(259), Name(259), Gen.Enum<SharedVolumeState>(), Name(259), Gen.ULong, Gen.ULong,
                (v, n, s, f, r, b) => new SharedVolumeStateInfoEx(v, n, s, f, (RedirectedIOReason)r, (BlockRedirectedIOReason)b))
            .Sample(value =>
            {
                byte[] bytes = value.ToArray();
                Assert.Equal(Win32Error.Success, SharedVolumeStateInfoEx.TryRead(bytes, out var read));
                Assert.Equal(value, read);
                byte[] packed = [.. bytes[..1564], .. bytes[1568..]];
                Assert.Equal(Win32Error.Success, SharedVolumeStateInfoEx.TryRead(packed, out read));
                Assert.Equal(value, read);
            });

    [Fact]
    public void MaintenanceModeInfoEx_round_trips() =>
        Gen.Select(Gen.Bool, Gen.Enum<MaintenanceModeType>(), Gen.Int, (m, t, s) => new MaintenanceModeInfoEx(m, t, (ClusterResourceState)s))
            .Sample(value =>
            {
                Assert.Equal(Win32Error.Success, MaintenanceModeInfoEx.TryRead(value.ToArray(), out var read));
                Assert.Equal(value, read);
            });

    [Fact]
    public void CsvVolumeName_round_trips() =>
        Gen.Select(Gen.Long, Name(259), Name(262), (o, v, r) => new CsvVolumeName(o, v, r))
            .Sample(value =>
            {
                Assert.Equal(Win32Error.Success, CsvVolumeName.TryRead(value.ToArray(), out var read));
                Assert.Equal(value, read);
            });

    [Fact]
    public void PartitionInfoEx_round_trips() =>
        Gen.Select(Gen.UInt, Name(259), Name(259), Gen.UInt, Name(31), Gen.ULong, Gen.ULong, Gen.Byte.Array[16],
                (flags, device, label, serial, fs, total, free, guid) => new PartitionInfoEx(
                    (PartitionFlags)flags, device, label, serial, 255, serial ^ 0x5A5A, fs, total, free, flags >> 3, serial >> 7, new Guid(guid)))
            .Sample(value =>
            {
                Assert.Equal(Win32Error.Success, PartitionInfoEx.TryRead(value.ToArray(), out var read));
                Assert.Equal(value, read);
            });

    private sealed record Prop(string Name, int Kind, uint Dword, string Text, byte[] Blob, string[] Multi);

    private static readonly Gen<string> NonEmptyName = Name(40).Where(n => n.Length > 0);

    private static readonly Gen<Prop> AnyProp = Gen.Select(
        NonEmptyName, Gen.Int[0, 4], Gen.UInt, Name(80), Gen.Byte.Array[0, 40], NonEmptyName.Array[0, 4],
        (name, kind, dword, text, blob, multi) => new Prop(name, kind, dword, text, blob, multi));

    [Fact]
    public void PropertyList_round_trips() =>
        AnyProp.Array[0, 12].Sample(props =>
        {
            var writer = new PropertyListWriter();
            foreach (Prop p in props)
            {
                _ = p.Kind switch
                {
                    0 => writer.AddDword(p.Name, p.Dword),
                    1 => writer.AddString(p.Name, p.Text),
                    2 => writer.AddBinary(p.Name, p.Blob),
                    3 => writer.AddMultiString(p.Name, p.Multi),
                    _ => writer.AddULargeInteger(p.Name, ((ulong)p.Dword << 32) | 7),
                };
            }

            byte[] bytes = writer.ToArray();
            Assert.Equal(0, bytes.Length % 4);
            Assert.Equal(Win32Error.Success, PropertyListReader.TryRead(bytes, out PropertyList list));
            Assert.Equal(bytes.Length, list.ByteLength);
            Assert.Equal(props.Length, list.Count);
            for (int i = 0; i < props.Length; i++)
            {
                Prop p = props[i];
                ClusPropValue value = list[i].Value;
                Assert.Equal(p.Name, list[i].Name);
                switch (p.Kind)
                {
                    case 0:
                        Assert.Equal(Win32Error.Success, value.TryGetDword(out uint d));
                        Assert.Equal(p.Dword, d);
                        break;
                    case 1:
                        Assert.Equal(Win32Error.Success, value.TryGetString(out string s));
                        Assert.Equal(p.Text, s);
                        break;
                    case 2:
                        Assert.Equal(Win32Error.Success, value.TryGetBinary(out ReadOnlyMemory<byte> b));
                        Assert.Equal(p.Blob, b.ToArray());
                        break;
                    case 3:
                        Assert.Equal(Win32Error.Success, value.TryGetMultiString(out var m));
                        Assert.Equal(p.Multi, m);
                        break;
                    default:
                        Assert.Equal(Win32Error.Success, value.TryGetULargeInteger(out ulong u));
                        Assert.Equal(((ulong)p.Dword << 32) | 7, u);
                        break;
                }
            }
        });

    [Fact]
    public void Readers_never_throw_on_random_bytes() =>
        Gen.Byte.Array[0, 1700].Sample(bytes =>
        {
            _ = PropertyListReader.TryRead(bytes, out _);
            _ = ValueListReader.TryReadAll(bytes, out _, out _);
            _ = CsvVolumeInfoList.TryRead(bytes, out _);
            _ = SharedVolumeBackupMode.TryRead(bytes, out _);
            _ = CsvVolumeInfo.TryRead(bytes, out _);
            _ = CsvMaintenanceModeInfo.TryRead(bytes, out _);
            _ = SharedVolumeStateInfo.TryRead(bytes, out _);
            _ = SharedVolumeStateInfoEx.TryRead(bytes, out _);
            _ = MaintenanceModeInfo.TryRead(bytes, out _);
            _ = MaintenanceModeInfoEx.TryRead(bytes, out _);
            _ = CsvVolumeName.TryRead(bytes, out _);
            _ = PartitionInfoEx.TryRead(bytes, out _);
            _ = Utf16Field.TryReadVariable(bytes, out _);
        }, iter: 2000);

    [Fact]
    public void PropertyList_reader_never_throws_on_mutated_valid_lists() =>
        Gen.Select(Gen.Int[0, 411], Gen.Byte).Sample((index, value) =>
        {
            byte[] bytes = new PropertyListWriter().AddDword("FixQuorum", 0).AddString("SharedVolumesRoot", @"C:\ClusterStorage")
                .AddMultiString("M", ["a", "b"]).AddBinary("B", [1, 2, 3, 4, 5]).ToArray();
            bytes[index % bytes.Length] = value;
            _ = PropertyListReader.TryRead(bytes, out _);
        }, iter: 3000);
}
