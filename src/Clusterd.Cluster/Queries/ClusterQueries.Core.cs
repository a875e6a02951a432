using Clusterd.Cluster.Engine;

namespace Clusterd.Cluster.Engine;

public sealed partial class ClusterQueries
{
    private readonly ClusterModel _model;

    internal ClusterQueries(ClusterModel model) => _model = model;
}
