using System.Reflection;

namespace Clusterd.ClusApi.Tests;

public sealed class ControlCodeTests
{
    public static TheoryData<string, uint, ControlObject, uint, ControlAccess, bool, bool> Catalogue => new()
    {
        { nameof(ControlCodes.GetSharedVolumeInfo), 0x01000225u, ControlObject.Resource, 137u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.SetCsvMaintenanceMode), 0x01400296u, ControlObject.Resource, 165u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.EnableSharedVolumeDirectIO), 0x0140028Au, ControlObject.Resource, 162u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.DisableSharedVolumeDirectIO), 0x0140028Eu, ControlObject.Resource, 163u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.SetSharedVolumeBackupMode), 0x0140029Au, ControlObject.Resource, 166u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.ResourceTypeStorageIsCsvFile), 0x01000229u, ControlObject.Resource, 138u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterGetSharedVolumeId), 0x07000291u, ControlObject.Cluster, 164u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GetSharedVolumePartitionNames), 0x0100029Du, ControlObject.Resource, 167u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GetSharedVolumeStates), 0x014002A2u, ControlObject.Resource, 168u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.IsSharedVolume), 0x010002A5u, ControlObject.Resource, 169u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.RenameSharedVolume), 0x01002DD6u, ControlObject.Resource, 2933u, ControlAccess.Write, false, false },
        { nameof(ControlCodes.RenameSharedVolumeGuid), 0x01002DDAu, ControlObject.Resource, 2934u, ControlAccess.Write, false, false },
        { nameof(ControlCodes.ClusterRenameSharedVolume), 0x07002DD6u, ControlObject.Cluster, 2933u, ControlAccess.Write, false, false },
        { nameof(ControlCodes.ClusterRenameSharedVolumeGuid), 0x07002DDAu, ControlObject.Cluster, 2934u, ControlAccess.Write, false, false },
        { nameof(ControlCodes.QueryCsvMaintenanceMode), 0x0110007Du, ControlObject.Resource, 31u, ControlAccess.Read, false, true },
        { nameof(ControlCodes.GetCsvDiskInfo), 0x01100071u, ControlObject.Resource, 28u, ControlAccess.Read, false, true },
        { nameof(ControlCodes.QueryMaintenanceMode), 0x010001E1u, ControlObject.Resource, 120u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.SetMaintenanceMode), 0x014001E6u, ControlObject.Resource, 121u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.ResourceUnknown), 0x01000000u, ControlObject.Resource, 0u, ControlAccess.Any, false, false },
        { nameof(ControlCodes.ResourceGetCharacteristics), 0x01000005u, ControlObject.Resource, 1u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetFlags), 0x01000009u, ControlObject.Resource, 2u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetClassInfo), 0x0100000Du, ControlObject.Resource, 3u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetRequiredDependencies), 0x01000011u, ControlObject.Resource, 4u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetName), 0x01000029u, ControlObject.Resource, 10u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetId), 0x01000039u, ControlObject.Resource, 14u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetResourceType), 0x0100002Du, ControlObject.Resource, 11u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceEnumCommonProperties), 0x01000051u, ControlObject.Resource, 20u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetRoCommonProperties), 0x01000055u, ControlObject.Resource, 21u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetCommonProperties), 0x01000059u, ControlObject.Resource, 22u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceSetCommonProperties), 0x0140005Eu, ControlObject.Resource, 23u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.ResourceValidateCommonProperties), 0x01000061u, ControlObject.Resource, 24u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceEnumPrivateProperties), 0x01000079u, ControlObject.Resource, 30u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetRoPrivateProperties), 0x0100007Du, ControlObject.Resource, 31u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetPrivateProperties), 0x01000081u, ControlObject.Resource, 32u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceSetPrivateProperties), 0x01400086u, ControlObject.Resource, 33u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.ResourceValidatePrivateProperties), 0x01000089u, ControlObject.Resource, 34u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceGetNetworkName), 0x01000169u, ControlObject.Resource, 90u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeUnknown), 0x02000000u, ControlObject.ResourceType, 0u, ControlAccess.Any, false, false },
        { nameof(ControlCodes.ResourceTypeGetCharacteristics), 0x02000005u, ControlObject.ResourceType, 1u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeGetFlags), 0x02000009u, ControlObject.ResourceType, 2u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeGetClassInfo), 0x0200000Du, ControlObject.ResourceType, 3u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeGetRequiredDependencies), 0x02000011u, ControlObject.ResourceType, 4u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeEnumCommonProperties), 0x02000051u, ControlObject.ResourceType, 20u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeGetRoCommonProperties), 0x02000055u, ControlObject.ResourceType, 21u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeGetCommonProperties), 0x02000059u, ControlObject.ResourceType, 22u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeSetCommonProperties), 0x0240005Eu, ControlObject.ResourceType, 23u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.ResourceTypeValidateCommonProperties), 0x02000061u, ControlObject.ResourceType, 24u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeEnumPrivateProperties), 0x02000079u, ControlObject.ResourceType, 30u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeGetRoPrivateProperties), 0x0200007Du, ControlObject.ResourceType, 31u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeGetPrivateProperties), 0x02000081u, ControlObject.ResourceType, 32u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ResourceTypeSetPrivateProperties), 0x02400086u, ControlObject.ResourceType, 33u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.ResourceTypeValidatePrivateProperties), 0x02000089u, ControlObject.ResourceType, 34u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupUnknown), 0x03000000u, ControlObject.Group, 0u, ControlAccess.Any, false, false },
        { nameof(ControlCodes.GroupGetCharacteristics), 0x03000005u, ControlObject.Group, 1u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupGetFlags), 0x03000009u, ControlObject.Group, 2u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupGetName), 0x03000029u, ControlObject.Group, 10u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupGetId), 0x03000039u, ControlObject.Group, 14u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupEnumCommonProperties), 0x03000051u, ControlObject.Group, 20u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupGetRoCommonProperties), 0x03000055u, ControlObject.Group, 21u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupGetCommonProperties), 0x03000059u, ControlObject.Group, 22u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetCommonProperties), 0x0340005Eu, ControlObject.Group, 23u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.GroupValidateCommonProperties), 0x03000061u, ControlObject.Group, 24u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupEnumPrivateProperties), 0x03000079u, ControlObject.Group, 30u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupGetRoPrivateProperties), 0x0300007Du, ControlObject.Group, 31u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupGetPrivateProperties), 0x03000081u, ControlObject.Group, 32u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetPrivateProperties), 0x03400086u, ControlObject.Group, 33u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.GroupValidatePrivateProperties), 0x03000089u, ControlObject.Group, 34u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeUnknown), 0x04000000u, ControlObject.Node, 0u, ControlAccess.Any, false, false },
        { nameof(ControlCodes.NodeGetCharacteristics), 0x04000005u, ControlObject.Node, 1u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeGetFlags), 0x04000009u, ControlObject.Node, 2u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeGetName), 0x04000029u, ControlObject.Node, 10u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeGetId), 0x04000039u, ControlObject.Node, 14u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeEnumCommonProperties), 0x04000051u, ControlObject.Node, 20u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeGetRoCommonProperties), 0x04000055u, ControlObject.Node, 21u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeGetCommonProperties), 0x04000059u, ControlObject.Node, 22u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeSetCommonProperties), 0x0440005Eu, ControlObject.Node, 23u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.NodeValidateCommonProperties), 0x04000061u, ControlObject.Node, 24u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeEnumPrivateProperties), 0x04000079u, ControlObject.Node, 30u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeGetRoPrivateProperties), 0x0400007Du, ControlObject.Node, 31u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeGetPrivateProperties), 0x04000081u, ControlObject.Node, 32u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NodeSetPrivateProperties), 0x04400086u, ControlObject.Node, 33u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.NodeValidatePrivateProperties), 0x04000089u, ControlObject.Node, 34u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkUnknown), 0x05000000u, ControlObject.Network, 0u, ControlAccess.Any, false, false },
        { nameof(ControlCodes.NetworkGetCharacteristics), 0x05000005u, ControlObject.Network, 1u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkGetFlags), 0x05000009u, ControlObject.Network, 2u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkGetName), 0x05000029u, ControlObject.Network, 10u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkGetId), 0x05000039u, ControlObject.Network, 14u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkEnumCommonProperties), 0x05000051u, ControlObject.Network, 20u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkGetRoCommonProperties), 0x05000055u, ControlObject.Network, 21u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkGetCommonProperties), 0x05000059u, ControlObject.Network, 22u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkSetCommonProperties), 0x0540005Eu, ControlObject.Network, 23u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.NetworkValidateCommonProperties), 0x05000061u, ControlObject.Network, 24u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkEnumPrivateProperties), 0x05000079u, ControlObject.Network, 30u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkGetRoPrivateProperties), 0x0500007Du, ControlObject.Network, 31u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkGetPrivateProperties), 0x05000081u, ControlObject.Network, 32u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetworkSetPrivateProperties), 0x05400086u, ControlObject.Network, 33u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.NetworkValidatePrivateProperties), 0x05000089u, ControlObject.Network, 34u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceUnknown), 0x06000000u, ControlObject.NetInterface, 0u, ControlAccess.Any, false, false },
        { nameof(ControlCodes.NetInterfaceGetCharacteristics), 0x06000005u, ControlObject.NetInterface, 1u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceGetFlags), 0x06000009u, ControlObject.NetInterface, 2u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceGetName), 0x06000029u, ControlObject.NetInterface, 10u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceGetId), 0x06000039u, ControlObject.NetInterface, 14u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceGetNode), 0x06000031u, ControlObject.NetInterface, 12u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceGetNetwork), 0x06000035u, ControlObject.NetInterface, 13u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceEnumCommonProperties), 0x06000051u, ControlObject.NetInterface, 20u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceGetRoCommonProperties), 0x06000055u, ControlObject.NetInterface, 21u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceGetCommonProperties), 0x06000059u, ControlObject.NetInterface, 22u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceSetCommonProperties), 0x0640005Eu, ControlObject.NetInterface, 23u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.NetInterfaceValidateCommonProperties), 0x06000061u, ControlObject.NetInterface, 24u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceEnumPrivateProperties), 0x06000079u, ControlObject.NetInterface, 30u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceGetRoPrivateProperties), 0x0600007Du, ControlObject.NetInterface, 31u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceGetPrivateProperties), 0x06000081u, ControlObject.NetInterface, 32u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.NetInterfaceSetPrivateProperties), 0x06400086u, ControlObject.NetInterface, 33u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.NetInterfaceValidatePrivateProperties), 0x06000089u, ControlObject.NetInterface, 34u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterUnknown), 0x07000000u, ControlObject.Cluster, 0u, ControlAccess.Any, false, false },
        { nameof(ControlCodes.ClusterGetFqdn), 0x0700003Du, ControlObject.Cluster, 15u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterEnumCommonProperties), 0x07000051u, ControlObject.Cluster, 20u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterGetRoCommonProperties), 0x07000055u, ControlObject.Cluster, 21u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterGetCommonProperties), 0x07000059u, ControlObject.Cluster, 22u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterSetCommonProperties), 0x0740005Eu, ControlObject.Cluster, 23u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.ClusterValidateCommonProperties), 0x07000061u, ControlObject.Cluster, 24u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterEnumPrivateProperties), 0x07000079u, ControlObject.Cluster, 30u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterGetRoPrivateProperties), 0x0700007Du, ControlObject.Cluster, 31u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterGetPrivateProperties), 0x07000081u, ControlObject.Cluster, 32u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterSetPrivateProperties), 0x07400086u, ControlObject.Cluster, 33u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.ClusterValidatePrivateProperties), 0x07000089u, ControlObject.Cluster, 34u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.ClusterCheckVoterDown), 0x07000049u, ControlObject.Cluster, 18u, ControlAccess.Read, false, false },
        // Group set codes (issue 11, area GroupSet).
        { nameof(ControlCodes.GroupSetGetName), 0x08000029u, ControlObject.GroupSet, 10u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetGetId), 0x08000039u, ControlObject.GroupSet, 14u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetEnumCommonProperties), 0x08000051u, ControlObject.GroupSet, 20u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetGetRoCommonProperties), 0x08000055u, ControlObject.GroupSet, 21u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetGetCommonProperties), 0x08000059u, ControlObject.GroupSet, 22u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetSetCommonProperties), 0x0840005Eu, ControlObject.GroupSet, 23u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.GroupSetValidateCommonProperties), 0x08000061u, ControlObject.GroupSet, 24u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetEnumPrivateProperties), 0x08000079u, ControlObject.GroupSet, 30u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetGetRoPrivateProperties), 0x0800007Du, ControlObject.GroupSet, 31u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetGetPrivateProperties), 0x08000081u, ControlObject.GroupSet, 32u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetSetPrivateProperties), 0x08400086u, ControlObject.GroupSet, 33u, ControlAccess.Write, true, false },
        { nameof(ControlCodes.GroupSetValidatePrivateProperties), 0x08000089u, ControlObject.GroupSet, 34u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetGetGroups), 0x08002D71u, ControlObject.GroupSet, 2908u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetGetProviderGroups), 0x08002D75u, ControlObject.GroupSet, 2909u, ControlAccess.Read, false, false },
        { nameof(ControlCodes.GroupSetGetProviderGroupSets), 0x08002D79u, ControlObject.GroupSet, 2910u, ControlAccess.Read, false, false },
    };

    [Theory]
    [MemberData(nameof(Catalogue))]
    public void Constant_equals_its_hex_value_and_its_bit_field_composition(
        string field, uint hex, ControlObject objectType, uint function, ControlAccess access, bool modify, bool isInternal)
    {
        uint actual = (uint)typeof(ControlCodes).GetField(field)!.GetRawConstantValue()!;
        Assert.Equal(hex, actual);

        ControlCode recomputed = isInternal
            ? ControlCode.Internal(objectType, function, access, modify)
            : ControlCode.External(objectType, function, access, modify);
        Assert.Equal(hex, recomputed.Value);

        var code = new ControlCode(actual);
        Assert.Equal(objectType, code.ObjectType);
        Assert.Equal(function, code.Function);
        Assert.Equal(access, code.Access);
        Assert.Equal(modify, code.IsModify);
        Assert.Equal(isInternal, code.IsInternal);
        Assert.False(code.IsGlobal);
        Assert.False(code.IsUser);
        Assert.NotNull(ControlCodes.NameOf(actual));
    }

    [Fact]
    public void Every_constant_is_in_the_test_table_and_in_All_exactly_once()
    {
        string[] fields = typeof(ControlCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => f.Name).ToArray();
        var tested = Catalogue.Select(row => (string)row[0]).ToHashSet();
        Assert.Equal(fields.Length, tested.Count);
        Assert.All(fields, f => Assert.Contains(f, tested));

        Assert.Equal(fields.Length, ControlCodes.All.Count);
        Assert.Equal(ControlCodes.All.Count, ControlCodes.All.Select(k => k.Code.Value).Distinct().Count());
        Assert.Equal(ControlCodes.All.Count, ControlCodes.All.Select(k => k.Name).Distinct().Count());
    }

    [Fact]
    public void Catalogue_names_match_the_decoded_object_type()
    {
        foreach (KnownControlCode known in ControlCodes.All)
        {
            string prefix = known.Code.ObjectType switch
            {
                ControlObject.Resource => "CLUSCTL_RESOURCE_",
                ControlObject.ResourceType => "CLUSCTL_RESOURCE_TYPE_",
                ControlObject.Group => "CLUSCTL_GROUP_",
                ControlObject.Node => "CLUSCTL_NODE_",
                ControlObject.Network => "CLUSCTL_NETWORK_",
                ControlObject.NetInterface => "CLUSCTL_NETINTERFACE_",
                ControlObject.Cluster => "CLUSCTL_CLUSTER_",
                ControlObject.GroupSet => "CLUSCTL_GROUPSET_",
                _ => "?",
            };
            Assert.StartsWith(prefix, known.Name, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0x0140029Au, "CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE")]
    [InlineData(0x01000225u, "CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_INFO")]
    [InlineData(0x07000291u, "CLUSCTL_CLUSTER_GET_SHARED_VOLUME_ID")]
    [InlineData(0x01000229u, "CLUSCTL_RESOURCE_TYPE_STORAGE_IS_CSV_FILE")]
    // smbtorture rpc.clusapi codes (source4/torture/rpc/clusapi.c).
    [InlineData(0x07000059u, "CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES")]
    [InlineData(0x07000055u, "CLUSCTL_CLUSTER_GET_RO_COMMON_PROPERTIES")]
    [InlineData(0x0700003Du, "CLUSCTL_CLUSTER_GET_FQDN")]
    [InlineData(0x07000081u, "CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES")]
    [InlineData(0x07000049u, "CLUSCTL_CLUSTER_CHECK_VOTER_DOWN")]
    [InlineData(0x0200000Du, "CLUSCTL_RESOURCE_TYPE_GET_CLASS_INFO")]
    [InlineData(0x02000005u, "CLUSCTL_RESOURCE_TYPE_GET_CHARACTERISTICS")]
    [InlineData(0x02000059u, "CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES")]
    [InlineData(0x02000055u, "CLUSCTL_RESOURCE_TYPE_GET_RO_COMMON_PROPERTIES")]
    [InlineData(0x02000081u, "CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES")]
    [InlineData(0x03000005u, "CLUSCTL_GROUP_GET_CHARACTERISTICS")]
    [InlineData(0x03000055u, "CLUSCTL_GROUP_GET_RO_COMMON_PROPERTIES")]
    [InlineData(0x03000009u, "CLUSCTL_GROUP_GET_FLAGS")]
    [InlineData(0x04000055u, "CLUSCTL_NODE_GET_RO_COMMON_PROPERTIES")]
    [InlineData(0x04000039u, "CLUSCTL_NODE_GET_ID")]
    [InlineData(0x0140005Eu, "CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES")]
    [InlineData(0x01000169u, "CLUSCTL_RESOURCE_GET_NETWORK_NAME")]
    public void NameOf_returns_the_clusapi_symbol(uint code, string name)
    {
        Assert.Equal(name, ControlCodes.NameOf(code));
        Assert.True(ControlCodes.IsKnown(code));
        Assert.Equal($"{name} (0x{code:X8})", new ControlCode(code).ToString());
    }

    [Theory]
    [InlineData(0x00000000u)]
    [InlineData(0x01FFFFFFu)]
    [InlineData(0xFFFFFFFFu)]
    public void NameOf_unknown_code_returns_null(uint code)
    {
        Assert.Null(ControlCodes.NameOf(code));
        Assert.Equal($"0x{code:X8}", new ControlCode(code).ToString());
    }

    [Fact]
    public void Decoders_read_global_user_and_internal_bits()
    {
        var code = new ControlCode(0x80F0029Au);
        Assert.Equal(ControlObject.User, code.ObjectType);
        Assert.True(code.IsGlobal);
        Assert.True(code.IsModify);
        Assert.True(code.IsUser);
        Assert.True(code.IsInternal);
        Assert.Equal(166u, code.Function);
        Assert.Equal(ControlAccess.Write, code.Access);
        Assert.Equal(0x00F0029Au, code.Operation);
    }

    [Fact]
    public void Bare_clctl_operation_codes_match_csv_md_section_5()
    {
        Assert.Equal(0x0040029Au, ControlCode.ExternalOperation(166, ControlAccess.Write, modify: true));
        Assert.Equal(0x00000225u, ControlCode.ExternalOperation(137, ControlAccess.Read, modify: false));
        Assert.Equal(0x0010007Du, ControlCode.InternalOperation(31, ControlAccess.Read, modify: false));
        Assert.Equal(0x00002DD6u, ControlCode.ExternalOperation(2933, ControlAccess.Write, modify: false));
    }

    [Fact]
    public void Function_number_over_18_bits_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ControlCode.ExternalOperation(1u << 18, ControlAccess.Read, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => ControlCode.ForObject(ControlObject.Resource, 0x01000000u));
    }

    [Fact]
    public void Implicit_conversions_round_trip()
    {
        ControlCode code = ControlCodes.SetSharedVolumeBackupMode;
        uint raw = code;
        Assert.Equal(ControlCodes.SetSharedVolumeBackupMode, raw);
        Assert.Equal("CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE", code.Name);
    }
}
