package web

// growthTablesNote returns "" when the WHO growth tables were found at
// start, and otherwise, in Indonesian, what an administrator runs to
// install them (formats.md "WHO tables"). Pages that show z-scores print
// it instead of failing; the rest of the product does not need the tables.
func (s *Server) growthTablesNote() string {
	if s.whoTables != "" {
		return ""
	}
	return "Tabel pertumbuhan WHO belum terpasang, jadi z-score dan status gizi belum bisa dihitung. " +
		"Minta admin server menjalankan: kampungkb growth fetch-tables (perlu internet ke github.com), " +
		"atau kampungkb growth fetch-tables --from FOLDER (salinan tabel di USB), " +
		"lalu memulai ulang server. Fitur lain tetap berjalan."
}
