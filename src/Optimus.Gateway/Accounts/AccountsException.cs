namespace Optimus.Gateway.Accounts;

/// <summary>A request the accounts database refuses (a duplicate name, an unknown key or owner), with a message for people.</summary>
public sealed class AccountsException : Exception
{
    public AccountsException()
    {
    }

    public AccountsException(string message)
        : base(message)
    {
    }

    public AccountsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
