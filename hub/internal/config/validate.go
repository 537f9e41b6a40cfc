package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// validateListen checks that listen is host:port with a numeric port.
func validateListen(listen, source string) error {
	_, port, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("%s %q: want host:port, e.g. 127.0.0.1:8080", source, listen)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%s %q: port must be a number from 0 to 65535", source, listen)
	}
	return nil
}

// resolvePublicURL checks an explicit public URL, or derives the default
// http://<listen>. A listen address without a specific host (":8080",
// "0.0.0.0:8080") gives no address a phone could reach, so the public URL
// must then be given.
func resolvePublicURL(publicURL, source, listen string) (string, error) {
	if publicURL == "" {
		host, _, err := net.SplitHostPort(listen)
		if err != nil {
			return "", nil // validateListen reports it
		}
		if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
			return "", fmt.Errorf("%s: required when --listen %q has no specific host; it is the address printed on receipts and QR codes", source, listen)
		}
		return "http://" + listen, nil
	}
	u, err := url.Parse(publicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%s %q: want an absolute http:// or https:// URL, e.g. https://shamil.qatif.gov.sa", source, publicURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%s %q: must not carry a user, query or fragment", source, publicURL)
	}
	return strings.TrimRight(publicURL, "/"), nil
}

// parseOrigins splits a comma-separated list of browser origins and
// normalises each to scheme://host[:port].
func parseOrigins(list, source string) ([]string, error) {
	var origins []string
	for _, o := range strings.Split(list, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("%s: origin %q: want scheme://host[:port], e.g. https://desk.qatif.gov.sa", source, o)
		}
		origins = append(origins, u.Scheme+"://"+strings.ToLower(u.Host))
	}
	return origins, nil
}

// parseProxies splits a comma-separated list of addresses and CIDR ranges;
// an address stands for itself alone.
func parseProxies(list, source string) ([]netip.Prefix, error) {
	var proxies []netip.Prefix
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return nil, fmt.Errorf("%s: %q: want an address or a CIDR range, e.g. 10.0.0.5 or 10.0.0.0/24", source, p)
			}
			prefix = netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen())
		}
		proxies = append(proxies, prefix.Masked())
	}
	return proxies, nil
}
