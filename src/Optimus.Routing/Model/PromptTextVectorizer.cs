using System.Runtime.InteropServices;
using Optimus.Core.Routing;

namespace Optimus.Routing.Model;

/// <summary>
/// The prompt stage's text features, computed by the router itself so that the request path needs no ML.NET
/// pipeline: TF-IDF of character trigrams and of word unigrams and bigrams, each block L2-normalised, characters
/// first. The definitions are those of ML.NET's <c>FeaturizeText</c> with the options the router used before it had
/// its own vectorizer (so the evaluated model did not change): text folded to lower case without diacritics (the
/// folding table is ML.NET's, read once at training and stored with the router), words split at spaces, character
/// trigrams over the folded text between a start and an end marker, term frequency times ln(documents / document
/// frequency), n-grams not seen in training ignored.
/// </summary>
/// <remarks>Immutable after fitting; <see cref="Vectorize"/> is thread-safe.</remarks>
internal sealed class PromptTextVectorizer
{
    private const char StartMarker = '\u0002';
    private const char EndMarker = '\u0003';
    private const int FileVersion = 1;

    // Folded value of each UTF-16 unit; Removed drops the unit (a combining diacritic).
    private const int Removed = -1;
    private readonly int[] _fold;
    private readonly Dictionary<ulong, int> _trigrams;
    private readonly Dictionary<string, int> _tokens;
    private readonly int[] _unigrams;
    private readonly Dictionary<long, int> _bigrams;
    private readonly double[] _idf;

    private PromptTextVectorizer(int[] fold, Dictionary<ulong, int> trigrams, Dictionary<string, int> tokens, int[] unigrams, Dictionary<long, int> bigrams, double[] idf, int documents)
    {
        _fold = fold;
        _trigrams = trigrams;
        _tokens = tokens;
        _unigrams = unigrams;
        _bigrams = bigrams;
        _idf = idf;
        Documents = documents;
    }

    /// <summary>Length of a vector: character trigram slots, then word n-gram slots.</summary>
    public int Length => _idf.Length;

    /// <summary>Slots <c>[0, CharacterSlots)</c> are character trigrams.</summary>
    public int CharacterSlots => _trigrams.Count;

    /// <summary>Training texts the document frequencies came from.</summary>
    public int Documents { get; }

    /// <summary>
    /// Fits the vocabulary on <paramref name="texts"/>: every n-gram they contain gets a slot, in order of first
    /// appearance (ML.NET's order), and an inverse document frequency. <paramref name="fold"/> maps each UTF-16 unit
    /// to its folded unit, or -1 to drop it (65,536 entries).
    /// </summary>
    public static PromptTextVectorizer Fit(IReadOnlyList<string> texts, int[] fold)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(fold);
        if (fold.Length != char.MaxValue + 1)
        {
            throw new ArgumentException("The folding table needs one entry per UTF-16 unit.", nameof(fold));
        }

        var trigrams = new Dictionary<ulong, int>();
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        var unigrams = new List<int>();
        var bigrams = new Dictionary<long, int>();
        var characterFrequency = new List<int>();
        var wordFrequency = new List<int>();
        var seen = new HashSet<int>();
        foreach (var text in texts)
        {
            var folded = Fold(text, fold);
            seen.Clear();
            foreach (var key in Trigrams(folded))
            {
                Count(SlotOf(trigrams, key, characterFrequency), characterFrequency, seen);
            }

            seen.Clear();
            var previous = -1;
            foreach (var word in Words(folded))
            {
                var token = word.ToString();
                if (!tokens.TryGetValue(token, out var id))
                {
                    id = tokens.Count;
                    tokens[token] = id;
                    unigrams.Add(-1);
                }

                // ML.NET's order: at each word, the bigram it ends, then the word itself.
                if (previous >= 0)
                {
                    Count(SlotOf(bigrams, Pair(previous, id), wordFrequency), wordFrequency, seen);
                }

                if (unigrams[id] < 0)
                {
                    unigrams[id] = wordFrequency.Count;
                    wordFrequency.Add(0);
                }

                Count(unigrams[id], wordFrequency, seen);
                previous = id;
            }
        }

        double[] idf = [.. characterFrequency.Concat(wordFrequency).Select(f => Math.Log((double)texts.Count / f))];
        return new PromptTextVectorizer(fold, trigrams, tokens, [.. unigrams], bigrams, idf, texts.Count);
    }

    /// <summary>
    /// The feature vector of <paramref name="text"/>: slots ascending, values the block-normalised TF-IDF weights.
    /// </summary>
    public SparseVector Vectorize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = Fold(text, _fold);
        var slots = new List<int>(2 * folded.Length);
        foreach (var key in Trigrams(folded))
        {
            if (_trigrams.TryGetValue(key, out var slot))
            {
                slots.Add(slot);
            }
        }

        var lookup = _tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        var previous = -1;
        foreach (var word in Words(folded))
        {
            if (!lookup.TryGetValue(word, out var id))
            {
                // A word never seen in training: no n-gram through it has a slot.
                previous = -1;
                continue;
            }

            if (previous >= 0 && _bigrams.TryGetValue(Pair(previous, id), out var bigram))
            {
                slots.Add(CharacterSlots + bigram);
            }

            slots.Add(CharacterSlots + _unigrams[id]);
            previous = id;
        }

        return Weigh(CollectionsMarshal.AsSpan(slots));
    }

    /// <summary>Writes the vectorizer: folding table, vocabulary, inverse document frequencies.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FileVersion);
        writer.Write(Documents);
        // Only the units that folding changes.
        var changed = Enumerable.Range(0, _fold.Length).Where(c => _fold[c] != c).ToList();
        writer.Write(changed.Count);
        foreach (var c in changed)
        {
            writer.Write((ushort)c);
            writer.Write(_fold[c]);
        }

        writer.Write(_idf.Length);
        foreach (var idf in _idf)
        {
            writer.Write(idf);
        }

        writer.Write(_trigrams.Count);
        foreach (var (key, slot) in _trigrams.OrderBy(p => p.Value))
        {
            writer.Write(key);
        }

        writer.Write(_tokens.Count);
        foreach (var (token, id) in _tokens.OrderBy(p => p.Value))
        {
            writer.Write(token);
            writer.Write(_unigrams[id]);
        }

        writer.Write(_bigrams.Count);
        foreach (var (pair, slot) in _bigrams.OrderBy(p => p.Value))
        {
            writer.Write(pair);
            writer.Write(slot);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">Not a vectorizer of this version, or damaged.</exception>
    public static PromptTextVectorizer Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            var version = reader.ReadInt32();
            if (version != FileVersion)
            {
                throw new InvalidDataException($"text vectorizer version {version}; this build reads {FileVersion}.");
            }

            var documents = reader.ReadInt32();
            var fold = IdentityFold();
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                var c = reader.ReadUInt16();
                fold[c] = reader.ReadInt32();
            }

            var idf = new double[reader.ReadInt32()];
            for (var i = 0; i < idf.Length; i++)
            {
                idf[i] = reader.ReadDouble();
            }

            var trigrams = new Dictionary<ulong, int>();
            for (int i = 0, n = reader.ReadInt32(); i < n; i++)
            {
                trigrams.Add(reader.ReadUInt64(), i);
            }

            var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
            var unigrams = new int[reader.ReadInt32()];
            for (var i = 0; i < unigrams.Length; i++)
            {
                tokens.Add(reader.ReadString(), i);
                unigrams[i] = reader.ReadInt32();
            }

            var bigrams = new Dictionary<long, int>();
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                bigrams.Add(reader.ReadInt64(), reader.ReadInt32());
            }

            return new PromptTextVectorizer(fold, trigrams, tokens, unigrams, bigrams, idf, documents);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException("The text vectorizer is damaged: " + e.Message, e);
        }
    }

    /// <summary>A folding table that changes nothing.</summary>
    public static int[] IdentityFold() => [.. Enumerable.Range(0, char.MaxValue + 1)];

    private SparseVector Weigh(Span<int> slots)
    {
        slots.Sort();
        var indices = new List<int>(slots.Length);
        var values = new List<float>(slots.Length);
        var characters = 0;
        for (var i = 0; i < slots.Length;)
        {
            var j = i;
            while (j < slots.Length && slots[j] == slots[i])
            {
                j++;
            }

            indices.Add(slots[i]);
            values.Add((float)((j - i) * _idf[slots[i]]));
            characters += slots[i] < CharacterSlots ? 1 : 0;
            i = j;
        }

        var weights = CollectionsMarshal.AsSpan(values);
        Normalize(weights[..characters]);
        Normalize(weights[characters..]);
        return new SparseVector([.. indices], [.. values]);
    }

    private static void Normalize(Span<float> block)
    {
        var sum = 0f;
        foreach (var v in block)
        {
            sum += v * v;
        }

        var norm = MathF.Sqrt(sum);
        if (norm > 0)
        {
            var scale = 1f / norm;
            for (var i = 0; i < block.Length; i++)
            {
                block[i] *= scale;
            }
        }
    }

    private static int SlotOf<TKey>(Dictionary<TKey, int> slots, TKey key, List<int> frequency)
        where TKey : notnull
    {
        if (!slots.TryGetValue(key, out var slot))
        {
            slot = frequency.Count;
            slots[key] = slot;
            frequency.Add(0);
        }

        return slot;
    }

    private static void Count(int slot, List<int> frequency, HashSet<int> seen)
    {
        if (seen.Add(slot))
        {
            frequency[slot]++;
        }
    }

    private static long Pair(int first, int second) => ((long)first << 32) | (uint)second;

    /// <summary>The folded text between the start and end markers.</summary>
    private static char[] Fold(string text, int[] fold)
    {
        var folded = new char[text.Length + 2];
        var length = 0;
        folded[length++] = StartMarker;
        foreach (var c in text)
        {
            var f = fold[c];
            if (f != Removed)
            {
                folded[length++] = (char)f;
            }
        }

        folded[length++] = EndMarker;
        return folded[..length];
    }

    private static IEnumerable<ulong> Trigrams(char[] marked)
    {
        for (var i = 2; i < marked.Length; i++)
        {
            yield return ((ulong)marked[i - 2] << 32) | ((ulong)marked[i - 1] << 16) | marked[i];
        }
    }

    /// <summary>The words of the folded text (markers excluded): runs of units other than the space.</summary>
    private static WordEnumerator Words(char[] marked) => new(marked.AsSpan(1, marked.Length - 2));

    private ref struct WordEnumerator(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _next;

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly WordEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_next < _text.Length && _text[_next] == ' ')
            {
                _next++;
            }

            if (_next >= _text.Length)
            {
                return false;
            }

            var start = _next;
            while (_next < _text.Length && _text[_next] != ' ')
            {
                _next++;
            }

            Current = _text[start.._next];
            return true;
        }
    }
}
