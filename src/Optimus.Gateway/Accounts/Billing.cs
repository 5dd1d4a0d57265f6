namespace Optimus.Gateway.Accounts;

/// <summary>How a customer pays: from a prepaid balance that may not go negative, or on a monthly invoice.</summary>
public enum Billing
{
    Postpaid,
    Prepaid,
}
