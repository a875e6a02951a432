using CsCheck;

namespace Clusterd.Store.Tests;

/// <summary>Random histories checked against a dictionary model of the contract.</summary>
public abstract partial class ClusterStoreContract
{
    private static readonly Gen<string> KeyGen = Gen.OneOf<string>(
        Gen.OneOf("", "a", "B", "a\\b", "ä", "\U0001F600", "\uFFFD", "k"),
        Gen.Char[(char)1, (char)0xD7FF].Array[0, 4].Select(static chars => new string(chars)),
        Gen.Char[(char)0xE000, (char)0xFFFF].Array[1, 2].Select(static chars => new string(chars)));

    private static readonly Gen<StoreWrite> WriteGen = Gen.Select(
        KeyGen, Gen.Byte.Array[0, 8], Gen.Bool, Gen.Int[0, 3],
        static (key, value, isVolatile, kind) => new StoreWrite(
            key, kind == 0 ? null : value, isVolatile ? Durability.Volatile : Durability.Nonvolatile));

    /// <summary>One step: a batch (possibly empty), or null for ClearVolatile.</summary>
    private static readonly Gen<StoreWrite[]?> StepGen = Gen.Frequency(
        (8, WriteGen.Array[0, 5].Select(static b => (StoreWrite[]?)b)),
        (1, Gen.Const((StoreWrite[]?)null)));

    [Fact]
    public void Random_histories_match_the_dictionary_model_before_and_after_reopen()
    {
        StepGen.Array[1, 8].Sample(steps =>
        {
            var model = new SortedDictionary<string, (byte[] Value, Durability Durability)>(StringComparer.Ordinal);
            long revision = 0;
            var store = Create();
            try
            {
                foreach (var step in steps)
                {
                    if (step is null)
                    {
                        store.ClearVolatile();
                        foreach (var key in model.Where(static kv => kv.Value.Durability == Durability.Volatile).Select(static kv => kv.Key).ToList())
                        {
                            model.Remove(key);
                        }

                        continue;
                    }

                    store.Commit(step);
                    foreach (var write in step)
                    {
                        if (write.Value is { } value)
                        {
                            model[write.Key] = (value.ToArray(), write.Durability);
                        }
                        else
                        {
                            model.Remove(write.Key);
                        }
                    }

                    revision += step.Length > 0 ? 1 : 0;
                }

                AssertMatches(model, revision, store);
                store = Reopen(store);
                AssertMatches(model, revision, store);
            }
            finally
            {
                store.Dispose();
            }
        }, iter: 60);
    }

    private static void AssertMatches(
        SortedDictionary<string, (byte[] Value, Durability Durability)> model, long revision, IClusterStore store)
    {
        Assert.Equal(revision, store.Revision);
        var actual = store.Load();
        Assert.Equal(model.Keys, actual.Select(static r => r.Key));
        foreach (var record in actual)
        {
            var (value, durability) = model[record.Key];
            Assert.Equal(durability, record.Durability);
            Assert.True(record.Value.Span.SequenceEqual(value), $"value of '{record.Key}'");
        }
    }
}
