using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;
using Optimus.Core.Routing;

namespace Optimus.Routing.Model;

/// <summary>
/// The prompt stage's text features, computed by the router itself so that the request path needs no ML.NET
/// pipeline: TF-IDF of character trigrams and of word unigrams and bigrams, each block L2-normalised, characters
/// first. The definitions are those of ML.NET's <c>FeaturizeText</c> with the options the router used before it had
/// its own vectorizer: text folded to lower case without diacritics (the folding table is ML.NET's, read once at
/// training and stored with the router), words split at spaces, character trigrams over the folded text between a
/// start and an end marker, term frequency times ln(documents / document frequency), n-grams not seen in training
/// ignored, slots in order of first appearance in training.
/// </summary>
/// <remarks>
/// N-grams are known by nonzero 64-bit keys (<see cref="Keys"/>): a trigram's key is its three units, mixed; a word's
/// is an XxHash3 of it, and a bigram's a mix of its words' keys. Fitting fails on two training n-grams with one key (it
/// has never happened: the chance is about one in 10^8 for a vocabulary of half a million); an unseen word whose key
/// equals a known word's would be taken for it, with a chance of about one in 10^13 per word. Immutable after
/// fitting; thread-safe.
/// </remarks>
internal sealed class PromptTextVectorizer
{
    private const char StartMarker = '\u0002';
    private const char EndMarker = '\u0003';
    private const int FileVersion = 2;

    // Folded value of each UTF-16 unit; Removed drops the unit (a combining diacritic).
    private const int Removed = -1;

    // Tags keep the three kinds of key apart before mixing.
    private const ulong TrigramTag = 1UL << 48;
    private const ulong BigramTag = 0x5bd1e9955bd1e995UL;

    private readonly int[] _fold;
    private readonly Dictionary<ulong, int> _slots;
    private readonly double[] _idf;

    private PromptTextVectorizer(int[] fold, Dictionary<ulong, int> slots, double[] idf, int characterSlots, int documents)
    {
        _fold = fold;
        _slots = slots;
        _idf = idf;
        CharacterSlots = characterSlots;
        Documents = documents;
    }

    /// <summary>Length of a vector: character trigram slots, then word n-gram slots.</summary>
    public int Length => _idf.Length;

    /// <summary>Slots <c>[0, CharacterSlots)</c> are character trigrams.</summary>
    public int CharacterSlots { get; }

    /// <summary>Training texts the document frequencies came from.</summary>
    public int Documents { get; }

    /// <summary>Every slot with its key and inverse document frequency.</summary>
    public IEnumerable<(ulong Key, int Slot, double Idf)> Vocabulary => _slots.Select(p => (p.Key, p.Value, _idf[p.Value]));

    /// <summary>
    /// Fits the vocabulary on <paramref name="texts"/>: every n-gram they contain gets a slot, in order of first
    /// appearance (ML.NET's order), and an inverse document frequency. <paramref name="fold"/> maps each UTF-16 unit
    /// to its folded unit, or -1 to drop it (65,536 entries).
    /// </summary>
    /// <exception cref="InvalidOperationException">Two n-grams of the texts share a key.</exception>
    public static PromptTextVectorizer Fit(IReadOnlyList<string> texts, int[] fold)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(fold);
        if (fold.Length != char.MaxValue + 1)
        {
            throw new ArgumentException("The folding table needs one entry per UTF-16 unit.", nameof(fold));
        }

        var characterSlots = new Dictionary<ulong, int>();
        var wordSlots = new Dictionary<ulong, int>();
        var characterFrequency = new List<int>();
        var wordFrequency = new List<int>();
        var names = new Dictionary<ulong, string>();
        var seen = new HashSet<ulong>();
        var keys = new TextKeys();
        foreach (var text in texts)
        {
            Collect(text, fold, keys, names);
            Count(keys.Characters, characterSlots, characterFrequency, seen);
            Count(keys.Words, wordSlots, wordFrequency, seen);
        }

        var slots = new Dictionary<ulong, int>(characterSlots);
        foreach (var (key, slot) in wordSlots)
        {
            slots.Add(key, characterSlots.Count + slot);
        }

        double[] idf = [.. characterFrequency.Concat(wordFrequency).Select(f => Math.Log((double)texts.Count / f))];
        return new PromptTextVectorizer(fold, slots, idf, characterSlots.Count, texts.Count);
    }

    /// <summary>
    /// The feature vector of <paramref name="text"/>: slots ascending, values the block-normalised TF-IDF weights.
    /// </summary>
    public SparseVector Vectorize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var keys = new TextKeys();
        Keys(text, keys);
        var slots = new List<int>(keys.Characters.Count + keys.Words.Count);
        foreach (var key in keys.Characters.Concat(keys.Words))
        {
            if (_slots.TryGetValue(key, out var slot))
            {
                slots.Add(slot);
            }
        }

        var span = CollectionsMarshal.AsSpan(slots);
        span.Sort();
        var indices = new List<int>(span.Length);
        var values = new List<float>(span.Length);
        var characters = 0;
        foreach (var (slot, count) in Runs(span))
        {
            indices.Add(slot);
            values.Add(Weight(count, _idf[slot]));
            characters += slot < CharacterSlots ? 1 : 0;
        }

        var weights = CollectionsMarshal.AsSpan(values);
        Normalize(weights[..characters]);
        Normalize(weights[characters..]);
        return new SparseVector([.. indices], [.. values]);
    }

    /// <summary>The keys of <paramref name="text"/>'s n-grams in order, known to the vocabulary or not.</summary>
    public void Keys(string text, TextKeys keys)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keys);
        Collect(text, _fold, keys, names: null);
    }

    /// <summary>A slot's unnormalised weight: term frequency times inverse document frequency, as ML.NET rounds it.</summary>
    public static float Weight(int count, double idf) => (float)(count * idf);

    /// <summary>Scales <paramref name="block"/> to unit length (left as it is when all zero).</summary>
    public static void Normalize(Span<float> block)
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

    /// <summary>Each distinct value of sorted <paramref name="sorted"/> with how often it occurs.</summary>
    public static List<(int Value, int Count)> Runs(ReadOnlySpan<int> sorted)
    {
        var runs = new List<(int, int)>(sorted.Length);
        for (var i = 0; i < sorted.Length;)
        {
            var j = i + 1;
            while (j < sorted.Length && sorted[j] == sorted[i])
            {
                j++;
            }

            runs.Add((sorted[i], j - i));
            i = j;
        }

        return runs;
    }

    /// <summary>Writes the vectorizer: folding table, vocabulary keys, inverse document frequencies.</summary>
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

        writer.Write(CharacterSlots);
        writer.Write(_idf.Length);
        foreach (var (key, slot) in _slots.OrderBy(p => p.Value))
        {
            writer.Write(key);
            writer.Write(_idf[slot]);
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

            var characterSlots = reader.ReadInt32();
            var idf = new double[reader.ReadInt32()];
            var slots = new Dictionary<ulong, int>(idf.Length);
            for (var i = 0; i < idf.Length; i++)
            {
                slots.Add(reader.ReadUInt64(), i);
                idf[i] = reader.ReadDouble();
            }

            return new PromptTextVectorizer(fold, slots, idf, characterSlots, documents);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException("The text vectorizer is damaged: " + e.Message, e);
        }
    }

    /// <summary>A folding table that changes nothing.</summary>
    public static int[] IdentityFold() => [.. Enumerable.Range(0, char.MaxValue + 1)];

    private static void Count(List<ulong> keys, Dictionary<ulong, int> slots, List<int> frequency, HashSet<ulong> seen)
    {
        seen.Clear();
        foreach (var key in keys)
        {
            if (!slots.TryGetValue(key, out var slot))
            {
                slot = frequency.Count;
                slots[key] = slot;
                frequency.Add(0);
            }

            if (seen.Add(key))
            {
                frequency[slot]++;
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="keys"/> with the text's trigram keys and its word keys in ML.NET's order (at each word,
    /// the bigram it ends, then the word). With <paramref name="names"/>, checks that no two n-grams share a key.
    /// </summary>
    private static void Collect(string text, int[] fold, TextKeys keys, Dictionary<ulong, string>? names)
    {
        keys.Clear();
        var folded = keys.Folded;
        folded.Add(StartMarker);
        foreach (var c in text)
        {
            var f = fold[c];
            if (f != Removed)
            {
                folded.Add((char)f);
            }
        }

        folded.Add(EndMarker);
        var marked = CollectionsMarshal.AsSpan(folded);
        for (var i = 2; i < marked.Length; i++)
        {
            // Three units and the tag fit in 64 bits, so trigram keys never collide.
            keys.Characters.Add(Mix(TrigramTag | ((ulong)marked[i - 2] << 32) | ((ulong)marked[i - 1] << 16) | marked[i]));
        }

        var words = marked[1..^1];
        var previous = 0UL;
        var previousWord = default(ReadOnlySpan<char>);
        var start = 0;
        while (start < words.Length)
        {
            if (words[start] == ' ')
            {
                start++;
                continue;
            }

            var end = words[start..].IndexOf(' ');
            var word = end < 0 ? words[start..] : words.Slice(start, end);
            start += word.Length;
            var key = WordKey(word);
            if (!previousWord.IsEmpty)
            {
                var pair = NonZero(Mix(previous ^ BitOperations.RotateLeft(key, 29) ^ BigramTag));
                keys.Words.Add(pair);
                Check(names, pair, string.Concat(previousWord, " ", word));
            }

            keys.Words.Add(key);
            Check(names, key, word.ToString());
            previous = key;
            previousWord = word;
        }
    }

    private static void Check(Dictionary<ulong, string>? names, ulong key, string name)
    {
        if (names is not null && !names.TryAdd(key, name) && names[key] != name)
        {
            throw new InvalidOperationException($"The n-grams '{names[key]}' and '{name}' share a key.");
        }
    }

    private static ulong WordKey(ReadOnlySpan<char> word) => NonZero(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(word)));

    // No key is 0, so that a table of keys can mark an empty place with 0 (trigram keys are nonzero by their tag).
    private static ulong NonZero(ulong key) => key == 0 ? 1 : key;

    // Multiplying by an odd constant is one-to-one on 64 bits and spreads the tagged units over the whole key, which
    // the hash tables need: a long's own hash code folds its halves together.
    private static ulong Mix(ulong key)
    {
        key ^= key >> 31;
        key *= 0x9E3779B97F4A7C15UL;
        return key ^ (key >> 29);
    }
}

/// <summary>Reusable buffers for one text's n-gram keys (see <see cref="PromptTextVectorizer.Keys"/>).</summary>
internal sealed class TextKeys
{
    public List<char> Folded { get; } = [];

    public List<ulong> Characters { get; } = [];

    public List<ulong> Words { get; } = [];

    public void Clear()
    {
        Folded.Clear();
        Characters.Clear();
        Words.Clear();
    }
}
