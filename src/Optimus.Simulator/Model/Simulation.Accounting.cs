using Optimus.Core.Economics;

namespace Optimus.Simulator.Model;

/// <summary>
/// Energy and money, in whole units so that they reconcile exactly: a serving vehicle draws its wall power (computer
/// plus the awake car) while it runs at least one request, accrued in microjoules at every change and every hour;
/// each segment of a request is charged at the edge price and split by <see cref="SimulatorRevenueSplit"/>.
/// </summary>
internal sealed partial class Simulation
{
    private void Accrue(int s, long t)
    {
        var last = _servers.LastAccrual[s];
        _servers.LastAccrual[s] = t;
        if (_servers.Active[s] <= 0 || t <= last)
        {
            return;
        }

        var uj = Energy.Microjoules(_servers.Watts[s], t - last);
        var v = _servers.Vehicle[s];
        var region = _fleet[v].Region;
        _servers.EnergyUj[s] += uj;
        var tariff = _fleet[v].IsRobotaxi ? _config.Regions.Count : region;
        _series.EnergyUj[(_series.HourOf(t) * _series.Tariffs) + tariff] += uj;
        var day = _clocks[region].LocalDay(t);
        if (_servers.EnergyDay[s] != day)
        {
            _servers.EnergyDay[s] = day;
            _servers.EnergyTodayUj[s] = 0;
        }

        _servers.EnergyTodayUj[s] += uj;
    }

    private void AccrueAllServers(long t)
    {
        for (var s = 0; s < _servers.Count; s++)
        {
            if (_servers.Active[s] > 0)
            {
                Accrue(s, t);
            }
        }
    }

    /// <summary>Charges the customer for <paramref name="tokens"/> generated on server <paramref name="s"/> (and the prompt, on the first segment).</summary>
    private void Credit(int r, int s, double tokens, long t)
    {
        var e = _config.Economics;
        tokens = Math.Max(0, tokens); // float rounding of the generated count can leave a remainder of −1e-4
        var discount = _requests.IsBatch[r] ? 1 - e.BatchDiscount : 1;
        var charge = NanoDollars.ForTokens(tokens, e.EdgeOutputDollarsPerMtok * discount);
        if (_requests.Segments[r] == 1)
        {
            charge += NanoDollars.ForTokens(_requests.Prompt[r], e.EdgeInputDollarsPerMtok * discount);
        }

        var split = _split.Split(charge);
        _servers.ChargesNano[s] += charge;
        _servers.OwnerNano[s] += split.OwnerNanoDollars;
        _servers.OutputTokens[s] += tokens;
        var h = _series.HourOf(t);
        _series.ChargesNano[h] += charge;
        _series.OwnerNano[h] += split.OwnerNanoDollars;
        _series.EdgeTokens[h] += tokens;
    }

    /// <summary>The electricity price the vehicle's energy is reimbursed at: its region's, or the depot's for robotaxis.</summary>
    private double Tariff(int v) => TariffPrices(_config)[_fleet[v].IsRobotaxi ? _config.Regions.Count : _fleet[v].Region];

    /// <summary>Electricity prices by tariff class: each region's, then the robotaxi depot's (the sweep's override wins).</summary>
    public static double[] TariffPrices(Config.SimulationConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var o = config.Economics.ElectricityDollarsPerKWhOverride;
        return [.. config.Regions.Select(r => o ?? r.ElectricityDollarsPerKWh), o ?? config.Robotaxi.DepotDollarsPerKWh];
    }
}
