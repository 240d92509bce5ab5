package growth

// Source names a WHO repository at a pinned commit.
type Source struct {
	Repo   string // owner/name on GitHub
	Commit string
	Path   string // folder of the tables in the repository
}

// WHO's official repositories and the commits the tables are pinned to
// (../shared/who-growth/README.md).
var (
	Anthro = Source{Repo: "WorldHealthOrganization/anthro", Commit: "b776d8a12b1c97369c748b561159fd2ec4f4db58",
		Path: "data-raw/growthstandards"}
	AnthroPlus = Source{Repo: "WorldHealthOrganization/anthroplus", Commit: "799a7deaf7dff57f2abef5781f74b243f0aa6194",
		Path: "data-raw/growthstandards"}
)

// TableFile is one WHO table file: where it is installed (Name, relative
// to a tables directory, with forward slashes), where it comes from, and
// its sha256.
type TableFile struct {
	Name   string
	Source Source
	SHA256 string
}

// URL returns the file's address in WHO's repository at the pinned commit.
func (f TableFile) URL() string {
	base := f.Name[len("who2006/"):] // both folders have 7-character names
	return "https://raw.githubusercontent.com/" + f.Source.Repo + "/" + f.Source.Commit + "/" + f.Source.Path + "/" + base
}

// Files are the tables kampungkb needs, with the sha256 sums listed in
// ../shared/who-growth/README.md. A tables directory holds them at these
// names (formats.md "WHO tables").
var Files = []TableFile{
	{"who2006/acanthro.txt", Anthro, "1b588802bc66534abb42ead27fe6f8e8d62b26967d764eecf16d0f4a8660a7bd"},
	{"who2006/bmianthro.txt", Anthro, "78a4364e99303114fb2c458d28d64c6d10ac33832a5d5b2d437bc5cea1c93a0d"},
	{"who2006/hcanthro.txt", Anthro, "e794e46f06b91223ad2c6435148dc08794a1d75b67613a652c3151201a98bf7c"},
	{"who2006/lenanthro.txt", Anthro, "709f7a11881451daf7820f022d363d5bdb93746b5361d6bd9218af6ff838e0c2"},
	{"who2006/ssanthro.txt", Anthro, "3e6e1bce0cd87998b5f061a44730860f1393cf8f6b1f5545f80b372085b40ea1"},
	{"who2006/tsanthro.txt", Anthro, "babc2a2a6252080f4ad9ca39a27e59248142820add3151e76d959dd104146a48"},
	{"who2006/weianthro.txt", Anthro, "bc15a6a623dd1d5beaeed1497666332aa54bc4ccd15ff9658c487d79694ab77b"},
	{"who2006/wfhanthro.txt", Anthro, "0050d31041c2f7d4f8a34f27e8066fd73a24806835b9e4a0de1a7ee46d54d582"},
	{"who2006/wflanthro.txt", Anthro, "ad470cf41b147bd2a16026e57fd17968df7bf746b9f0bf2ff85df95239643778"},
	{"who2007/bfawho2007.txt", AnthroPlus, "70ef3260df08e48ce560c28cff4e733db78fb952cbd881eba63c9d3a15f38a6a"},
	{"who2007/hfawho2007.txt", AnthroPlus, "9ac02aa4908f8ec3c6ba2362a4c7e1356043408b2873548ca22eedc016c235ad"},
	{"who2007/wfawho2007.txt", AnthroPlus, "9234dc640ba54001a9afd42ef15ab675b211a721c8f3c0a07c3431fd9cea0e1c"},
}
