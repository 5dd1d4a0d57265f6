namespace Optimus.Core.Routing;

/// <summary>
/// TF-IDF vectors of prompts over word unigrams and bigrams, L2-normalised so that a dot product is a cosine
/// similarity. Fitted on training prompts; words never seen in training are ignored.
/// </summary>
/// <remarks>
/// Terms in more than <see cref="MaxDocumentShare"/> of the training prompts are left out: they say little about
/// which prompts resemble each other and would make every neighbour search touch most of the index.
/// </remarks>
public sealed class TextVectorizer
{
    /// <summary>Terms found in a larger share of training prompts than this are dropped.</summary>
    public const double MaxDocumentShare = 0.05;

    private readonly Dictionary<string, int> _terms;
    private readonly float[] _idf;

    private TextVectorizer(Dictionary<string, int> terms, float[] idf)
    {
        _terms = terms;
        _idf = idf;
    }

    /// <summary>Number of terms kept.</summary>
    public int TermCount => _idf.Length;

    /// <summary>Fits the vocabulary and inverse document frequencies on <paramref name="prompts"/>.</summary>
    public static TextVectorizer Fit(IReadOnlyList<string> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var documentFrequency = new List<int>();
        var lastDocument = new List<int>();
        for (var document = 0; document < prompts.Count; document++)
        {
            var current = document;
            VisitTerms(prompts[document], term =>
            {
                if (!lookup.TryGetValue(term, out var id))
                {
                    id = ids.Count;
                    lookup[term] = id;
                    documentFrequency.Add(0);
                    lastDocument.Add(-1);
                }

                if (lastDocument[id] != current)
                {
                    lastDocument[id] = current;
                    documentFrequency[id]++;
                }
            });
        }

        var n = prompts.Count;
        var limit = Math.Max(2, MaxDocumentShare * n);
        // Terms seen once cannot link two prompts; ordinal order makes indices independent of discovery order.
        var kept = ids.Where(p => documentFrequency[p.Value] >= 2 && documentFrequency[p.Value] <= limit)
            .OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var terms = new Dictionary<string, int>(kept.Length, StringComparer.Ordinal);
        var idf = new float[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            terms[kept[i].Key] = i;
            idf[i] = (float)Math.Log((n + 1.0) / (documentFrequency[kept[i].Value] + 1.0));
        }

        return new TextVectorizer(terms, idf);
    }

    /// <summary>The unit-length TF-IDF vector of <paramref name="prompt"/>; empty when it shares no kept term.</summary>
    public SparseVector Vectorize(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var lookup = _terms.GetAlternateLookup<ReadOnlySpan<char>>();
        var counts = new Dictionary<int, int>();
        VisitTerms(prompt, term =>
        {
            if (lookup.TryGetValue(term, out var index))
            {
                counts[index] = counts.GetValueOrDefault(index) + 1;
            }
        });

        var indices = counts.Keys.Order().ToArray();
        var values = new float[indices.Length];
        var norm = 0.0;
        for (var k = 0; k < indices.Length; k++)
        {
            values[k] = (1 + MathF.Log(counts[indices[k]])) * _idf[indices[k]];
            norm += values[k] * values[k];
        }

        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }

        return new SparseVector(indices, values);
    }

    /// <summary>Lower-cased alphanumeric words and each adjacent pair of words, as strings (for tests and tools).</summary>
    internal static List<string> Terms(string text)
    {
        var terms = new List<string>();
        VisitTerms(text, term => terms.Add(term.ToString()));
        return terms;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with each lower-cased alphanumeric word, then the pair it forms with the word
    /// before it ("word1 word2"). Spans, not strings: vectorising runs for every prompt on the request path.
    /// </summary>
    private static void VisitTerms(string text, TermVisitor visit)
    {
        var lowered = text.ToLowerInvariant();
        var previousStart = -1;
        var previousLength = 0;
        Span<char> pair = stackalloc char[256];
        var start = -1;
        for (var i = 0; i <= lowered.Length; i++)
        {
            var inWord = i < lowered.Length && char.IsLetterOrDigit(lowered[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = lowered.AsSpan(start, i - start);
                visit(word);
                if (previousStart >= 0)
                {
                    var length = previousLength + 1 + word.Length;
                    if (length > pair.Length)
                    {
                        pair = new char[length * 2];
                    }

                    lowered.AsSpan(previousStart, previousLength).CopyTo(pair);
                    pair[previousLength] = ' ';
                    word.CopyTo(pair[(previousLength + 1)..]);
                    visit(pair[..length]);
                }

                previousStart = start;
                previousLength = word.Length;
                start = -1;
            }
        }
    }

    private delegate void TermVisitor(ReadOnlySpan<char> term);
}
