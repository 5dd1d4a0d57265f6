using System.Buffers;

namespace Optimus.Core.Routing;

/// <summary>
/// Finds the training prompts most similar to a query (cosine similarity of <see cref="TextVectorizer"/> vectors,
/// through an inverted index) and summarises how the weak and strong models fared on them.
/// </summary>
/// <remarks>
/// Deterministic: postings are walked in term order and ties in similarity go to the lower training row. A query may
/// exclude training rows, so that a training row's own feature never sees its own label (or a duplicate's): leave one
/// out.
/// </remarks>
public sealed class NeighborIndex
{
    /// <summary>Neighbours summarised per query.</summary>
    public const int DefaultNeighbors = 10;

    /// <summary>Similarity mass of the prior that the neighbours' accuracies are shrunk toward.</summary>
    public const double PriorWeight = 0.5;

    private readonly (int Row, float Value)[][] _postings;
    private readonly RoutingOutcome[] _outcomes;
    private readonly int _neighbors;

    /// <summary>Indexes the training <paramref name="vectors"/> and their <paramref name="outcomes"/>.</summary>
    public NeighborIndex(IReadOnlyList<SparseVector> vectors, IReadOnlyList<RoutingOutcome> outcomes, int termCount, int neighbors = DefaultNeighbors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neighbors);
        if (vectors.Count != outcomes.Count)
        {
            throw new ArgumentException("Every vector needs its outcome.", nameof(outcomes));
        }

        var lists = new List<(int, float)>?[termCount];
        for (var row = 0; row < vectors.Count; row++)
        {
            var vector = vectors[row];
            for (var k = 0; k < vector.Count; k++)
            {
                (lists[vector.Indices[k]] ??= []).Add((row, vector.Values[k]));
            }
        }

        _postings = lists.Select(l => l?.ToArray() ?? []).ToArray();
        _outcomes = [.. outcomes];
        _neighbors = neighbors;
    }

    /// <summary>Training rows indexed.</summary>
    public int Count => _outcomes.Length;

    /// <summary>
    /// Summarises the neighbours of <paramref name="query"/>, shrunk toward <paramref name="prior"/>;
    /// <paramref name="excludeRows"/> leaves those training rows out.
    /// </summary>
    public NeighborSignals Query(SparseVector query, SubjectRates prior, IReadOnlyCollection<int>? excludeRows = null)
    {
        ArgumentNullException.ThrowIfNull(prior);
        var nearest = Nearest(query, excludeRows);
        double mass = 0, weak = 0, strong = 0;
        foreach (var (row, value) in nearest)
        {
            mass += value;
            weak += _outcomes[row].WeakCorrect ? value : 0;
            strong += _outcomes[row].StrongCorrect ? value : 0;
        }

        return new NeighborSignals(
            (weak + (PriorWeight * prior.WeakAccuracy)) / (mass + PriorWeight),
            (strong + (PriorWeight * prior.StrongAccuracy)) / (mass + PriorWeight),
            nearest.Count == 0 ? 0 : nearest[0].Value,
            nearest.Count == 0 ? 0 : mass / nearest.Count);
    }

    /// <summary>The most similar rows, most similar first, ties to the lower row.</summary>
    private List<(int Row, float Value)> Nearest(SparseVector query, IReadOnlyCollection<int>? excludeRows)
    {
        // A pooled dense accumulator and the list of rows it touched: a query touches a few hundred rows of thousands.
        var similarity = ArrayPool<float>.Shared.Rent(_outcomes.Length);
        Array.Clear(similarity, 0, _outcomes.Length);
        var touched = new List<int>();
        try
        {
            for (var k = 0; k < query.Count; k++)
            {
                var weight = query.Values[k];
                foreach (var (row, value) in _postings[query.Indices[k]])
                {
                    if (similarity[row] == 0)
                    {
                        if (excludeRows is not null && excludeRows.Contains(row))
                        {
                            continue;
                        }

                        touched.Add(row);
                    }

                    // Both weights are positive, so a touched row's similarity is never 0 again.
                    similarity[row] += weight * value;
                }
            }

            var nearest = new List<(int Row, float Value)>(_neighbors + 1);
            foreach (var row in touched)
            {
                var value = similarity[row];
                var position = nearest.Count;
                while (position > 0 && Before(value, row, nearest[position - 1]))
                {
                    position--;
                }

                if (position < _neighbors)
                {
                    nearest.Insert(position, (row, value));
                    if (nearest.Count > _neighbors)
                    {
                        nearest.RemoveAt(nearest.Count - 1);
                    }
                }
            }

            return nearest;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(similarity);
        }
    }

    private static bool Before(float value, int row, (int Row, float Value) other) =>
        value > other.Value || (value == other.Value && row < other.Row);
}
