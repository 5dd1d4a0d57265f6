using Microsoft.ML;
using Microsoft.ML.Data;

namespace Optimus.Routing.Model;

/// <summary>The ML.NET schema of <see cref="RouterExample"/> with the signal vector's length for one stage.</summary>
internal static class RouterSchema
{
    public static SchemaDefinition For(int signalCount)
    {
        var schema = SchemaDefinition.Create(typeof(RouterExample));
        schema[nameof(RouterExample.Signals)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, signalCount);
        return schema;
    }

    public static IDataView Load(MLContext context, IEnumerable<RouterExample> examples, int signalCount) =>
        context.Data.LoadFromEnumerable(examples, For(signalCount));
}
