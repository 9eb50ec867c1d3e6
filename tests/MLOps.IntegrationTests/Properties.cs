using System.Runtime.Versioning;

// The fixtures start PostgreSQL and Azurite as local processes the Unix way (setpriv/runuser, signals, file modes).
[assembly: SupportedOSPlatform("linux")]
