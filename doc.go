// Package kampungkb holds the domain of the Kampung KB information system:
// the types, code lists, validation rules and errors that every other
// package shares. It imports only the standard library (a test enforces it),
// so that storage, web and exchange code can change without touching the
// rules of the programme.
//
// Glossary (see ../shared/docs/domain.md):
//
//   - Kampung KB (Kampung Keluarga Berkualitas): a village, or part of one,
//     where BKKBN's family-planning and family-development programme
//     (KKBPK / Bangga Kencana) is joined with other sectors.
//   - Pokja: the Kampung KB working group, one section per family function.
//   - PKB/PLKB: the family-planning field officer who assists (mendampingi)
//     several villages.
//   - Mitra kerja: a partner organisation (ormas, BUMN, NGO, university ...).
//   - MoU / Nota Kesepahaman, PKS (Perjanjian Kerja Sama), Kesepahaman
//     Bersama: the agreements partners sign (domain.md §7.1).
//   - Kegiatan / intervensi: an activity carried out in one or more Kampung KB.
//   - Kontribusi: money, goods, services or labour a partner brings.
//   - PUS: couples of reproductive age; KRS: families at risk of stunting.
//   - Wilayah: the Kemendagri region hierarchy provinsi > kabupaten/kota >
//     kecamatan > desa/kelurahan, keyed by dotted codes such as 52.03.13.2007.
package kampungkb
