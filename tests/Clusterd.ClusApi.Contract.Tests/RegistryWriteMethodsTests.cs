using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>
/// Golden bytes of the registry writes and batches (MS-CMRP 3.1.4.2.30, 33, 34, 36, 40, 112-115, 141, 145; the
/// IDL of section 6) and of CLUSTER_REG_BATCH_UPDATE (2.2.3.17), written from the IDL by hand.
/// </summary>
public sealed class RegistryWriteMethodsTests
{
    private static readonly string NullHandleHex = "00000000" + new string('0', 32);

    private static KeyHandle K1 => new(Golden.H1);

    private static byte[] Stub(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void ApiCreateKey_request_pads_the_subkey_then_options_access_and_a_NULL_security_attributes_pointer() =>
        Golden.Check(new CreateKeyRequest(K1, "ab", 0, 0x20006, null),
            Golden.H1Hex + "03000000 00000000 03000000 61006200 0000" + "0000" + "00000000" + "06000200" + "00000000");

    [Fact]
    public void ApiCreateKey_request_carries_RPC_SECURITY_ATTRIBUTES_with_its_descriptor_deferred_after_bInheritHandle()
    {
        var sa = new RpcSecurityAttributes(12, new RpcSecurityDescriptor(new byte[] { 1, 2 }, 2, 2), 1);
        var r = Golden.Check(new CreateKeyRequest(K1, "ab", 0, 0x20006, sa),
            Golden.H1Hex + "03000000 00000000 03000000 61006200 0000" + "0000" + "00000000" + "06000200"
            + "00000200" // the unique pointer's referent id; the structure follows at once (a top-level pointer)
            + "0c000000" + "04000200 02000000 02000000" + "01000000" // nLength, lpSecurityDescriptor referent, cbIn, cbOut, bInheritHandle
            + "02000000 00000000 02000000 0102"); // the deferred array: max_count, offset, actual_count, bytes
        Assert.Equal(new byte[] { 1, 2 }, r.SecurityAttributes!.Value.Descriptor.Buffer!.Value.ToArray());
    }

    [Fact]
    public void ApiCreateKey_response_is_disposition_status_rpc_status_then_the_handle()
    {
        Golden.Check(new CreateKeyResponse(1, Win32Error.Success, K1), "01000000 00000000 00000000" + Golden.H1Hex);
        Golden.Check(new CreateKeyResponse(0, Win32Error.AccessDenied, KeyHandle.Null), "00000000 05000000 00000000" + NullHandleHex);
    }

    [Fact]
    public void ApiSetValue_request_is_name_type_the_conformant_array_then_cbData()
    {
        Golden.Check(new SetValueRequest(K1, "v", 4, new byte[] { 7, 0, 0, 0 }),
            Golden.H1Hex + "02000000 00000000 02000000 7600 0000" + "04000000" + "04000000 07000000" + "04000000");
        // Three bytes: cbData aligns itself after the array.
        Golden.Check(new SetValueRequest(K1, "v", 3, new byte[] { 1, 2, 3 }),
            Golden.H1Hex + "02000000 00000000 02000000 7600 0000" + "03000000" + "03000000 010203" + "00" + "03000000");
        Golden.Check(new ResultResponse(Win32Error.AccessDenied), "00000000 05000000");
    }

    [Fact]
    public void ApiSetValue_request_whose_cbData_differs_from_the_array_is_refused() =>
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<SetValueRequest>(
            Stub(Golden.H1Hex + "02000000 00000000 02000000 7600 0000" + "03000000" + "02000000 0102" + "0000" + "05000000")));

    [Fact]
    public void ApiDeleteValue_and_ApiDeleteKey_requests_are_the_handle_and_a_top_level_string()
    {
        Golden.Check(new DeleteValueRequest(K1, "v"), Golden.H1Hex + "02000000 00000000 02000000 7600 0000");
        Golden.Check(new DeleteKeyRequest(K1, "ab"), Golden.H1Hex + "03000000 00000000 03000000 61006200 0000");
    }

    [Fact]
    public void ApiSetKeySecurity_request_is_SecurityInformation_then_RPC_SECURITY_DESCRIPTOR_with_its_deferred_array() =>
        Golden.Check(new SetKeySecurityRequest(K1, 4, new RpcSecurityDescriptor(new byte[] { 1, 0 }, 2, 2)),
            Golden.H1Hex + "04000000" + "00000200 02000000 02000000" + "02000000 00000000 02000000 0100");

    [Fact]
    public void ApiExecuteBatch_request_is_cbData_then_the_conformant_array_and_the_response_the_failed_command()
    {
        var batch = RegBatchUpdate.Build([new RegBatchCommand(RegBatchUpdate.CreateKey, 0, "a", default)]);
        var batchHex = "01000000" + "02000000 00000000 04000000 61000000 00000000";
        Assert.Equal(Stub(batchHex), batch);
        Golden.Check(new ExecuteBatchRequest(K1, batch), Golden.H1Hex + "18000000" + "18000000" + batchHex);
        Golden.Check(new ExecuteBatchResponse(2, Win32Error.AccessDenied), "02000000 00000000 05000000");
        Golden.Check(new ExecuteBatchResponse(-1, Win32Error.Success), "ffffffff 00000000 00000000");
    }

    [Fact]
    public void ApiExecuteBatch_request_whose_cbData_differs_from_the_array_is_refused() =>
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<ExecuteBatchRequest>(Stub(Golden.H1Hex + "05000000" + "04000000 01000000")));

    [Fact]
    public void BATCH_UPDATE_COMMAND_is_packed_and_padded_to_16_bits_after_odd_data()
    {
        var batch = RegBatchUpdate.Build(
        [
            new RegBatchCommand(RegBatchUpdate.SetValue, 3, "v", new byte[] { 0xAA }),
            new RegBatchCommand(RegBatchUpdate.DeleteValue, 0, "", default),
        ]);
        var hex = "01000000"
            + "01000000 03000000 04000000 76000000 01000000 aa" + "00"
            + "04000000 00000000 02000000 0000 00000000";
        Assert.Equal(Stub(hex), batch);
        Assert.True(RegBatchUpdate.TryParse(batch, out var commands, out _));
        Assert.Equal(2, commands.Count);
        Assert.Equal((RegBatchUpdate.SetValue, 3u, "v"), (commands[0].CommandType, commands[0].ValueType, commands[0].Name));
        Assert.Equal(new byte[] { 0xAA }, commands[0].Data.ToArray());
        Assert.Equal((RegBatchUpdate.DeleteValue, ""), (commands[1].CommandType, commands[1].Name));
    }

    [Theory]
    [InlineData("02000000", -1)] // VersionNumber MUST be 1
    [InlineData("01000000", -1)] // no command (2.2.3.17: one or more)
    [InlineData("01000000 02000000 00000000 03000000 610000", 0)] // an odd NameLength
    [InlineData("01000000 02000000 00000000 00000000 00000000", 0)] // NameLength 0 (the minimum is 2: the NUL)
    [InlineData("01000000 02000000 00000000 04000000 61006200 00000000", 0)] // a name without its NUL
    [InlineData("01000000 02000000 00000000 04000000 61000000 00000000 01000000 00000000 02000000 6100", 1)] // cut short
    [InlineData("01000000 01000000 04000000 04000000 61000000 08000000 0700", 0)] // DataLength past the end
    public void A_malformed_CLUSTER_REG_BATCH_UPDATE_names_the_command_that_does_not_decode(string hex, int failed)
    {
        Assert.False(RegBatchUpdate.TryParse(Stub(hex), out _, out var index));
        Assert.Equal(failed, index);
    }

    [Fact]
    public void The_out_buffer_answers_are_cb_a_unique_pointer_and_the_conformant_array()
    {
        Golden.Check(new BufferResponse(new byte[] { 1, 2, 3 }, Win32Error.Success), "03000000 00000200 03000000 010203" + "00" + "00000000 00000000");
        Golden.Check(new BufferResponse(null, Win32Error.FileNotFound), "00000000 00000000 00000000 02000000");
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<BufferResponse>(Stub("04000000 00000200 03000000 010203 00 00000000 00000000")));
    }

    [Fact]
    public void ApiExecuteReadBatch_and_Ex_requests_are_cbInData_the_array_and_for_Ex_the_flags()
    {
        Golden.Check(new ExecuteReadBatchRequest(K1, new byte[] { 1, 0, 0, 0, 9 }), Golden.H1Hex + "05000000" + "05000000 0100000009");
        Golden.Check(new ExecuteReadBatchExRequest(K1, new byte[] { 1, 0, 0, 0, 9 }, 1), Golden.H1Hex + "05000000" + "05000000 0100000009" + "000000" + "01000000");
    }

    [Fact]
    public void The_batch_port_methods_carry_HBATCH_PORT_RPC_and_GetBatchNotification_has_no_rpc_status()
    {
        Golden.Check(new CreateBatchPortRequest(K1), Golden.H1Hex);
        Golden.Check(new CreateBatchPortResponse(new BatchPortHandle(Golden.H2), Win32Error.Success), Golden.H2Hex + "00000000 00000000");
        Golden.Check(new GetBatchNotificationRequest(new BatchPortHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new BatchNotificationResponse(new byte[] { 1, 0, 0, 0 }, Win32Error.Success), "04000000 00000200 04000000 01000000 00000000");
        Golden.Check(new BatchNotificationResponse(null, Win32Error.InvalidHandle), "00000000 00000000 06000000");
        Golden.Check(new CloseBatchPortRequest(new BatchPortHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new CloseResponse<BatchPortHandle>(BatchPortHandle.Null, Win32Error.Success), NullHandleHex + "00000000");
    }
}
