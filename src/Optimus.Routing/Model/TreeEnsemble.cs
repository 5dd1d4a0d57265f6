using Microsoft.ML.Trainers.FastTree;

namespace Optimus.Routing.Model;

/// <summary>
/// A trained FastTree regression ensemble held as flat arrays, for scoring one query without ML.NET's row pipeline:
/// the sum over trees of the leaf each reaches, going left where the feature is at most the split's threshold.
/// </summary>
internal sealed class TreeEnsemble
{
    private readonly int[] _roots;
    private readonly int[] _feature;
    private readonly float[] _threshold;
    // Child of a split: another split (its index), or ~leaf for a leaf (an index into _leafValue).
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leafValue;
    private readonly double _bias;

    private TreeEnsemble(int[] roots, int[] feature, float[] threshold, int[] left, int[] right, double[] leafValue, double bias)
    {
        _roots = roots;
        _feature = feature;
        _threshold = threshold;
        _left = left;
        _right = right;
        _leafValue = leafValue;
        _bias = bias;
    }

    /// <summary>Copies the trees of <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">A tree has categorical splits (the router never trains them).</exception>
    public static TreeEnsemble From(FastTreeRegressionModelParameters model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ensemble = model.TrainedTreeEnsemble;
        var roots = new List<int>();
        var feature = new List<int>();
        var threshold = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var leafValue = new List<double>();
        foreach (var tree in ensemble.Trees)
        {
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                throw new NotSupportedException("Categorical splits are not supported.");
            }

            var splitBase = feature.Count;
            var leafBase = leafValue.Count;
            // A tree of one leaf has no split: route every query to that leaf through a split that always goes left.
            if (tree.NumberOfNodes == 0)
            {
                roots.Add(splitBase);
                feature.Add(0);
                threshold.Add(float.PositiveInfinity);
                left.Add(~leafBase);
                right.Add(~leafBase);
            }
            else
            {
                roots.Add(splitBase);
                for (var n = 0; n < tree.NumberOfNodes; n++)
                {
                    feature.Add(tree.NumericalSplitFeatureIndexes[n]);
                    threshold.Add(tree.NumericalSplitThresholds[n]);
                    left.Add(Offset(tree.LeftChild[n], splitBase, leafBase));
                    right.Add(Offset(tree.RightChild[n], splitBase, leafBase));
                }
            }

            leafValue.AddRange(tree.LeafValues);
        }

        return new TreeEnsemble([.. roots], [.. feature], [.. threshold], [.. left], [.. right], [.. leafValue], ensemble.Bias);
    }

    /// <summary>The ensemble's output for <paramref name="features"/>, as ML.NET computes it (a sum in double).</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        var sum = _bias;
        foreach (var root in _roots)
        {
            var node = root;
            while (node >= 0)
            {
                node = features[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
            }

            sum += _leafValue[~node];
        }

        return (float)sum;
    }

    private static int Offset(int child, int splitBase, int leafBase) => child >= 0 ? child + splitBase : ~(~child + leafBase);
}
