export interface LegalSection {
  title: string
  paragraphs: string[]
}

/** Headed sections of a legal text (privacy notice, cookies, consent notice). */
export default function LegalSections({
  sections,
  level = 2,
}: {
  sections: LegalSection[]
  level?: 2 | 3
}) {
  const Heading = level === 2 ? 'h2' : 'h3'
  return (
    <>
      {sections.map((section) => (
        <section key={section.title} className="legal-section">
          <Heading>{section.title}</Heading>
          {section.paragraphs.map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </section>
      ))}
    </>
  )
}
