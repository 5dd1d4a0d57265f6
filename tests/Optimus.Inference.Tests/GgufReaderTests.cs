using Optimus.Inference.Gguf;
using Optimus.Testing;

namespace Optimus.Inference.Tests;

public sealed class GgufReaderTests
{
    [Fact]
    public void ReadShape_Stories260K_ReadsHeaderFigures()
    {
        var shape = GgufReader.ReadShape(TestPaths.StoriesModel);

        Assert.Equal("llama", shape.Architecture);
        Assert.Equal(5, shape.Layers);
        Assert.Equal(64, shape.EmbeddingLength);
        Assert.Equal(8, shape.HeadCount);
        Assert.Equal(4, shape.HeadCountKv);
        Assert.Equal(2048, shape.TrainedContextLength);
        Assert.Equal(1_185_376, shape.WeightsBytes);
    }

    [Fact]
    public void ReadHeader_NotGguf_ThrowsInvalidData()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "this is not a model, just some text that is long enough");
            Assert.Throws<InvalidDataException>(() => GgufReader.ReadHeader(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadHeader_TruncatedFile_ThrowsInsteadOfReadingPastTheEnd()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, File.ReadAllBytes(TestPaths.StoriesModel).AsSpan(0, 200).ToArray());
            var error = Assert.Throws<InvalidDataException>(() => GgufReader.ReadHeader(path));
            Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
