package kampungkb

import (
	"reflect"
	"testing"
)

func TestProfileDiff(t *testing.T) {
	base := Profile{
		ID: 1, AsOf: MustDate("2024-01-31"), Current: true,
		PokjaExists: true, PokjaMembers: 12, PokjaTrained: 4,
		Regulations: []string{"desa"}, Programs: []string{"bkb", "bkr"},
		Mechanisms: []Mechanism{{Code: "rapat_perencanaan", Frequency: "bulanan"}},
	}
	tests := []struct {
		name   string
		change func(p *Profile)
		want   []Change
	}{
		{"bookkeeping only", func(p *Profile) {
			p.ID, p.AsOf, p.Current, p.CreatedBy = 2, MustDate("2024-06-30"), false, "lain"
		}, nil},
		{"list order does not matter", func(p *Profile) { p.Programs = []string{"bkr", "bkb"} }, nil},
		{"counts and flags", func(p *Profile) { p.PokjaSK, p.PokjaMembers = true, 1500 }, []Change{
			{Field: "pokja_sk", Label: "Pokja ber-SK", Old: "Tidak", New: "Ya"},
			{Field: "pokja_members", Label: "Jumlah anggota Pokja", Old: "12", New: "1.500"},
		}},
		{"lists as labels", func(p *Profile) {
			p.Programs = []string{"rumah_dataku", "bkb"}
			p.Funding = []string{"dana_desa"}
		}, []Change{
			{Field: "programs", Label: "Poktan dan sarana", Old: "BKB (Bina Keluarga Balita), BKR (Bina Keluarga Remaja)",
				New: "BKB (Bina Keluarga Balita), Rumah DataKu (sarana)"},
			{Field: "funding", Label: "Sumber dana", Old: "", New: "Dana Desa"},
		}},
		{"guide label", func(p *Profile) { p.Guide = "toga_toma" }, []Change{
			{Field: "guide", Label: "Pengarah", Old: "", New: "Toga/Toma"},
		}},
		{"mechanism frequency", func(p *Profile) {
			p.Mechanisms = []Mechanism{
				{Code: "laporan", Frequency: "lainnya", FrequencyOther: "tiap panen"},
				{Code: "rapat_perencanaan", Frequency: "triwulan"},
			}
		}, []Change{
			{Field: "mechanisms", Label: "Mekanisme operasional", Old: "Rapat perencanaan kegiatan (Bulanan)",
				New: "Rapat perencanaan kegiatan (Triwulan); Penyusunan laporan (tiap panen)"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := base
			next.Programs = append([]string(nil), base.Programs...)
			tt.change(&next)
			if got := ProfileDiff(base, next); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ProfileDiff =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}
