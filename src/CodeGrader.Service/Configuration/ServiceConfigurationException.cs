namespace CodeGrader.Service.Configuration;

/// <summary>The service's configuration is wrong: the message names the key (as <c>Section:Key</c>) and what is wrong.</summary>
public sealed class ServiceConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
