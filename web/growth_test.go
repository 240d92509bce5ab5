package web

import (
	"strings"
	"testing"
)

func TestGrowthTablesNote(t *testing.T) {
	if note := (&Server{whoTables: "/srv/who-growth"}).growthTablesNote(); note != "" {
		t.Errorf("tables present: note %q", note)
	}
	note := (&Server{}).growthTablesNote()
	for _, want := range []string{"kampungkb growth fetch-tables", "--from FOLDER", "mulai ulang"} {
		if !strings.Contains(note, want) {
			t.Errorf("note does not say %q: %s", want, note)
		}
	}
}
