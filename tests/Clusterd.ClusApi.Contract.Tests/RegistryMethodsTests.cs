using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>Golden bytes of the registry read methods (MS-CMRP 3.1.4.2.29, 31-32, 35, 37-39, 41).</summary>
public sealed class RegistryMethodsTests
{
    private const string NullHandleHex = "00000000" + "00000000000000000000000000000000";

    /// <summary>FILETIME 0x00000001_00000002 as a DateTimeOffset (ticks since 1601-01-01 UTC).</summary>
    private static readonly DateTimeOffset Time = new(504911232000000000L + 0x100000002L, TimeSpan.Zero);

    private const string TimeHex = "02000000 01000000";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void ApiGetRootKey_request_is_samDesired_alone_and_the_answer_an_open_response()
    {
        Golden.Check(new GetRootKeyRequest(0x00020019), "19000200");
        var r = Golden.Check(new OpenResponse<KeyHandle>(Win32Error.Success, new KeyHandle(Golden.H1)), "00000000 00000000" + Golden.H1Hex);
        Assert.Equal(Golden.H1, r.Handle.Value);
        Golden.Check(new OpenResponse<KeyHandle>(Win32Error.SharingPaused, KeyHandle.Null), "46000000 00000000" + NullHandleHex);
    }

    [Fact]
    public void ApiOpenKey_request_pads_the_subkey_name_before_samDesired()
    {
        var r = Golden.Check(new OpenKeyRequest(new KeyHandle(Golden.H1), "ab", 0x02000000),
            Golden.H1Hex + "03000000 00000000 03000000 61006200 0000" + "0000" + "00000002");
        Assert.Equal("ab", r.SubKey);
        Golden.Check(new OpenResponse<KeyHandle>(Win32Error.FileNotFound, KeyHandle.Null), "02000000 00000000" + NullHandleHex);
    }

    [Fact]
    public void ApiEnumKey_answers_a_unique_name_then_an_aligned_FILETIME_rpc_status_result()
    {
        Golden.Check(new EnumKeyRequest(new KeyHandle(Golden.H1), 3), Golden.H1Hex + "03000000");
        var r = Golden.Check(new EnumKeyResponse("k1", Time, Win32Error.Success),
            "00000200" + "03000000 00000000 03000000 6b003100 0000" + "0000" + TimeHex + "00000000 00000000");
        Assert.Equal(("k1", Time), (r.KeyName, r.LastWriteTime));
    }

    [Fact]
    public void ApiEnumKey_past_the_last_subkey_is_a_NULL_name_a_zero_FILETIME_and_ERROR_NO_MORE_ITEMS() =>
        Golden.Check(new EnumKeyResponse(null, default, Win32Error.NoMoreItems), "00000000" + "00000000 00000000" + "00000000 03010000");

    [Fact]
    public void ApiQueryValue_request_is_handle_name_then_cbData() =>
        Golden.Check(new QueryValueRequest(new KeyHandle(Golden.H1), "v", 8), Golden.H1Hex + "02000000 00000000 02000000 76000000" + "08000000");

    [Fact]
    public void ApiQueryValue_answer_carries_exactly_cbData_bytes_as_a_conformant_array()
    {
        var r = Golden.Check(new QueryValueResponse(4, new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }, 4, Win32Error.Success),
            "04000000" + "08000000 0100000000000000" + "04000000" + "00000000 00000000");
        Assert.Equal(8, r.Data.Length);
        Assert.Equal(4u, r.DataRequired);
    }

    [Fact]
    public void ApiQueryValue_ERROR_MORE_DATA_still_sends_cbData_bytes_and_the_size_required() =>
        Golden.Check(new QueryValueResponse(1, new byte[2], 6, Win32Error.MoreData),
            "01000000" + "02000000 0000" + "0000" + "06000000" + "00000000 ea000000");

    [Fact]
    public void ApiQueryValue_answer_whose_array_count_exceeds_the_stub_or_the_limit_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<QueryValueResponse>(Hex("04000000 10000000 01000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<QueryValueResponse>(Hex("04000000 ffffffff 01000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<QueryValueResponse>(Hex("04000000 04000000 01000000")));
    }

    [Fact]
    public void ApiEnumValue_request_is_handle_index_then_cbData() =>
        Golden.Check(new EnumValueRequest(new KeyHandle(Golden.H1), 0, 16), Golden.H1Hex + "00000000 10000000");

    [Fact]
    public void ApiEnumValue_answer_is_name_type_data_then_cbData_TotalSize_rpc_status_result()
    {
        var r = Golden.Check(new EnumValueResponse("v", 4, new byte[] { 1, 0, 0, 0 }, 4, Win32Error.Success),
            "00000200" + "02000000 00000000 02000000 76000000" + "04000000" + "04000000 01000000" + "04000000" + "04000000" + "00000000 00000000");
        Assert.Equal(("v", 4u, 4u), (r.ValueName, r.ValueType, r.TotalSize));
    }

    [Fact]
    public void ApiEnumValue_ERROR_MORE_DATA_sends_an_empty_array_cbData_0_and_the_TotalSize()
    {
        Golden.Check(new EnumValueResponse("v", 4, ReadOnlyMemory<byte>.Empty, 4, Win32Error.MoreData),
            "00000200" + "02000000 00000000 02000000 76000000" + "04000000" + "00000000" + "00000000" + "04000000" + "00000000 ea000000");
        Golden.Check(new EnumValueResponse(null, 0, ReadOnlyMemory<byte>.Empty, 0, Win32Error.NoMoreItems),
            "00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "00000000 03010000");
    }

    [Fact]
    public void ApiEnumValue_answer_whose_cbData_differs_from_its_array_or_whose_array_exceeds_the_stub_is_refused()
    {
        // max_count 4 with four bytes, then lpcbData 2.
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<EnumValueResponse>(Hex("00000000 04000000 04000000 01000000 02000000 04000000 00000000 00000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<EnumValueResponse>(Hex("00000000 04000000 00001000 01000000")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<EnumValueResponse>(Hex("00000000 04000000")));
    }

    [Fact]
    public void ApiCloseKey_answers_the_handle_then_the_result_without_rpc_status()
    {
        Golden.Check(new CloseKeyRequest(new KeyHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new CloseResponse<KeyHandle>(KeyHandle.Null, Win32Error.Success), NullHandleHex + "00000000");
        Golden.Check(new CloseResponse<KeyHandle>(new KeyHandle(Golden.H1), Win32Error.InvalidHandle), Golden.H1Hex + "06000000");
    }

    [Fact]
    public void ApiQueryInfoKey_answers_six_counts_a_FILETIME_rpc_status_result()
    {
        Golden.Check(new QueryInfoKeyRequest(new KeyHandle(Golden.H2)), Golden.H2Hex);
        var r = Golden.Check(new QueryInfoKeyResponse(2, 5, 3, 7, 16, 0x64, Time, Win32Error.Success),
            "02000000 05000000 03000000 07000000 10000000 64000000" + TimeHex + "00000000 00000000");
        Assert.Equal((2u, 5u, 3u, 7u, 16u, 0x64u, Time), (r.SubKeys, r.MaxSubKeyLen, r.Values, r.MaxValueNameLen, r.MaxValueLen, r.SecurityDescriptorSize, r.LastWriteTime));
        Golden.Check(new QueryInfoKeyResponse(0, 0, 0, 0, 0, 0, default, Win32Error.InvalidHandle),
            "00000000 00000000 00000000 00000000 00000000 00000000" + "00000000 00000000" + "00000000 06000000");
    }

    [Fact]
    public void ApiGetKeySecurity_request_with_a_NULL_buffer_is_referent_0_cbIn_cbOut() =>
        Golden.Check(new GetKeySecurityRequest(new KeyHandle(Golden.H1), 7, new RpcSecurityDescriptor(null, 0, 0)),
            Golden.H1Hex + "07000000" + "00000000 00000000 00000000");

    [Fact]
    public void ApiGetKeySecurity_request_buffer_is_a_deferred_conformant_varying_array_of_max_count_cbIn()
    {
        var r = Golden.Check(new GetKeySecurityRequest(new KeyHandle(Golden.H1), 4, new RpcSecurityDescriptor(ReadOnlyMemory<byte>.Empty, 0x100, 0)),
            Golden.H1Hex + "04000000" + "00000200 00010000 00000000" + "00010000 00000000 00000000");
        Assert.NotNull(r.Descriptor.Buffer);
        Assert.Equal(0x100u, r.Descriptor.InSize);
    }

    [Fact]
    public void ApiGetKeySecurity_request_whose_actual_count_exceeds_max_count_is_refused() =>
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetKeySecurityRequest>(
            Hex(Golden.H1Hex + "04000000" + "00000200 02000000 00000000" + "02000000 00000000 04000000 01020304")));

    [Fact]
    public void ApiGetKeySecurity_answer_is_the_descriptor_with_max_count_cbIn_and_actual_count_cbOut()
    {
        var r = Golden.Check(new GetKeySecurityResponse(new RpcSecurityDescriptor(new byte[] { 1, 0, 0, 0x80 }, 0x100, 4), Win32Error.Success),
            "00000200 00010000 04000000" + "00010000 00000000 04000000 01000080" + "00000000 00000000");
        Assert.Equal(new byte[] { 1, 0, 0, 0x80 }, r.Descriptor.Buffer!.Value.ToArray());
    }

    [Fact]
    public void ApiGetKeySecurity_answer_keeps_a_cbIn_past_int_MaxValue_as_max_count() =>
        Golden.Check(new GetKeySecurityResponse(new RpcSecurityDescriptor(new byte[] { 1, 0, 0, 0x80 }, 0xFFFFFFFF, 4), Win32Error.Success),
            "00000200 ffffffff 04000000" + "ffffffff 00000000 04000000 01000080" + "00000000 00000000");

    [Fact]
    public void ApiGetKeySecurity_ERROR_INSUFFICIENT_BUFFER_is_a_NULL_buffer_with_cbIn_the_size_needed() =>
        Golden.Check(new GetKeySecurityResponse(new RpcSecurityDescriptor(null, 0x74, 0), Win32Error.InsufficientBuffer),
            "00000000 74000000 00000000" + "00000000 7a000000");

    [Fact]
    public void ApiGetKeySecurity_answer_with_a_bad_offset_an_actual_count_past_max_count_or_past_the_stub_is_refused()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetKeySecurityResponse>(Hex("00000200 04000000 04000000 04000000 01000000 04000000 01000080")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetKeySecurityResponse>(Hex("00000200 02000000 04000000 02000000 00000000 04000000 01000080")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetKeySecurityResponse>(Hex("00000200 ffffffff 04000000 ffffffff 00000000 fffffff0 01")));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetKeySecurityResponse>(Hex("00000200 00010000")));
    }

    [Fact]
    public void Each_registry_request_carries_its_IDL_opnum()
    {
        Assert.Equal(28, (int)GetRootKeyRequest.Opnum);
        Assert.Equal(30, (int)OpenKeyRequest.Opnum);
        Assert.Equal(31, (int)EnumKeyRequest.Opnum);
        Assert.Equal(34, (int)QueryValueRequest.Opnum);
        Assert.Equal(36, (int)EnumValueRequest.Opnum);
        Assert.Equal(37, (int)CloseKeyRequest.Opnum);
        Assert.Equal(38, (int)QueryInfoKeyRequest.Opnum);
        Assert.Equal(40, (int)GetKeySecurityRequest.Opnum);
    }
}
