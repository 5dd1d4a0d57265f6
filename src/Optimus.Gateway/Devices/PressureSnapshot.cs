using System.Text.Json.Serialization;

namespace Optimus.Gateway.Devices;

/// <summary>The gateway's queues and counters of hostile input at one moment (see <see cref="GatewayPressure"/>).</summary>
internal sealed record PressureSnapshot(
    [property: JsonPropertyName("journal_queue")] int JournalQueue,
    [property: JsonPropertyName("journal_capacity")] int JournalCapacity,
    [property: JsonPropertyName("vehicle_queue_max")] int VehicleQueueMax,
    [property: JsonPropertyName("vehicle_queue_capacity")] int VehicleQueueCapacity,
    [property: JsonPropertyName("quarantined")] long Quarantined,
    [property: JsonPropertyName("dishonest_answers")] long DishonestAnswers,
    [property: JsonPropertyName("fenced_messages")] long FencedMessages);
